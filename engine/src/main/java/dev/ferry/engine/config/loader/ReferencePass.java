package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.Resolution;
import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlMap;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Resolves the {@code ${env:NAME}} and {@code ${file:PATH}} references of every value in a pipeline
 * file before its sections are read, so each section sees the values it will use and every field
 * accepts references alike. Passwords are left alone: they must be a whole reference and become a
 * {@link dev.ferry.api.Secret}, never a plain string. Keys name fields, connections and columns, so a
 * reference in a key is a problem.
 */
final class ReferencePass {

    private final SecretResolver secrets;
    private final Problems problems;
    private final Predicate<String> deferred;

    /**
     * @param deferred the field paths whose references are left unresolved, without a problem, when
     *                 they cannot be resolved (for commands that do not use those fields)
     */
    ReferencePass(SecretResolver secrets, Problems problems, Predicate<String> deferred) {
        this.secrets = secrets;
        this.problems = problems;
        this.deferred = deferred;
    }

    YamlNode resolve(YamlNode root) {
        return resolve(root, "", Level.ROOT);
    }

    /** Where a map sits, to know the passwords: those of each connection and of the state store. */
    private enum Level { ROOT, CONNECTIONS, HOLDS_PASSWORD, OTHER }

    private YamlNode resolve(YamlNode node, String path, Level level) {
        return switch (node) {
            case YamlMap map -> resolveMap(map, path, level);
            case YamlList list -> resolveList(list, path);
            case YamlScalar scalar -> resolveScalar(scalar, path);
        };
    }

    private YamlMap resolveMap(YamlMap map, String path, Level level) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry entry : map.entries().values()) {
            String entryPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
            if (SecretResolver.containsReference(entry.key())) {
                problems.add(entry.line(), entry.column(), entryPath, "a key cannot hold a ${...} reference: keys name "
                        + "fields, connections and columns and are read as written; put the reference in the value");
            }
            // a password (or a Convex deploy key, the same secret) is resolved by the connection's reader, never inlined
            YamlNode value = level == Level.HOLDS_PASSWORD && isSecretKey(entry.key()) ? entry.value()
                    : resolve(entry.value(), entryPath, childLevel(level, entry.key()));
            entries.put(entry.key(), new Entry(entry.key(), entry.line(), entry.column(), value));
        }
        return new YamlMap(entries, map.line(), map.column());
    }

    private static boolean isSecretKey(String key) {
        return key.equals("password") || key.equals("deploy_key");
    }

    private static Level childLevel(Level level, String key) {
        return switch (level) {
            case ROOT -> key.equals("connections") ? Level.CONNECTIONS : key.equals("state") ? Level.HOLDS_PASSWORD
                    : Level.OTHER;
            case CONNECTIONS -> Level.HOLDS_PASSWORD;
            default -> Level.OTHER;
        };
    }

    private YamlList resolveList(YamlList list, String path) {
        List<YamlNode> items = new ArrayList<>(list.items().size());
        for (int i = 0; i < list.items().size(); i++) {
            items.add(resolve(list.items().get(i), path + "[" + i + "]", Level.OTHER));
        }
        return new YamlList(items, list.line(), list.column());
    }

    private YamlScalar resolveScalar(YamlScalar scalar, String path) {
        String text = scalar.text();
        boolean references = SecretResolver.containsReference(text);
        if (text == null || !references && !SecretResolver.containsEscape(text)) {
            return scalar;
        }
        Resolution resolved = references ? Resolution.RESOLVED : Resolution.LITERAL;
        try {
            return new YamlScalar(secrets.interpolate(text), scalar.line(), scalar.column(), text, resolved);
        } catch (SecretException e) {
            if (deferred.test(path)) {
                return new YamlScalar(text, scalar.line(), scalar.column(), text, Resolution.DEFERRED);
            }
            problems.add(scalar, path, e.getMessage());
            return new YamlScalar(text, scalar.line(), scalar.column(), text, Resolution.FAILED);
        }
    }
}

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
import java.util.regex.Pattern;

/**
 * Resolves the {@code ${env:NAME}} and {@code ${file:PATH}} references of every value in a pipeline
 * file before its sections are read, so each section sees the values it will use and every field
 * accepts references alike. Passwords are left alone: they must be a whole reference and become a
 * {@link dev.ferry.api.Secret}, never a plain string. Keys name fields, connections and columns, so a
 * reference in a key is a problem.
 */
final class ReferencePass {

    /** Fields read as secrets by their sections: connections.NAME.password and state.password. */
    private static final Pattern PASSWORD_FIELD = Pattern.compile("(connections\\.[^.\\[]+|state)\\.password");

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
        return resolve(root, "");
    }

    private YamlNode resolve(YamlNode node, String path) {
        return switch (node) {
            case YamlMap map -> resolveMap(map, path);
            case YamlList list -> resolveList(list, path);
            case YamlScalar scalar -> resolveScalar(scalar, path);
        };
    }

    private YamlMap resolveMap(YamlMap map, String path) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry entry : map.entries().values()) {
            String entryPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
            if (SecretResolver.containsReference(entry.key())) {
                problems.add(entry.line(), entry.column(), entryPath, "a key cannot hold a ${...} reference: keys name "
                        + "fields, connections and columns and are read as written; put the reference in the value");
            }
            entries.put(entry.key(), new Entry(entry.key(), entry.line(), entry.column(), resolve(entry.value(), entryPath)));
        }
        return new YamlMap(entries, map.line(), map.column());
    }

    private YamlList resolveList(YamlList list, String path) {
        List<YamlNode> items = new ArrayList<>(list.items().size());
        for (int i = 0; i < list.items().size(); i++) {
            items.add(resolve(list.items().get(i), path + "[" + i + "]"));
        }
        return new YamlList(items, list.line(), list.column());
    }

    private YamlScalar resolveScalar(YamlScalar scalar, String path) {
        String text = scalar.text();
        boolean references = SecretResolver.containsReference(text);
        if (text == null || PASSWORD_FIELD.matcher(path).matches()
                || !references && !SecretResolver.containsEscape(text)) {
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

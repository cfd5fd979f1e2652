package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a field of a pipeline file was written, for problems found after loading (such as those
 * {@code ferry validate --connect} finds in the databases), so they are located like the loader's own.
 */
public final class FieldLocator {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

    private final Path file;
    private final YamlNode root;

    private FieldLocator(Path file, YamlNode root) {
        this.file = file;
        this.root = root;
    }

    /** A locator for {@code file}; one that places every problem at the whole file when it cannot be read. */
    public static FieldLocator of(Path file) {
        YamlNode root = null;
        try {
            root = new YamlTreeReader(new Problems(file)).read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the file changed or vanished since it was loaded; the problems still name their fields
        }
        return new FieldLocator(file, root);
    }

    /**
     * A problem at {@code field} (as in {@code streams[2].key[0]}), or at the nearest enclosing field
     * that was written when it was not.
     */
    public ConfigProblem problem(String field, String message) {
        YamlNode at = find(field);
        return at == null ? new ConfigProblem(file, 0, 0, field, message)
                : new ConfigProblem(file, at.line(), at.column(), field, message);
    }

    /** Whether {@code field} was written in the file. */
    public boolean has(String field) {
        YamlNode at = root;
        Matcher segment = SEGMENT.matcher(field);
        while (at != null && segment.find()) {
            at = child(at, segment);
        }
        return at != null;
    }

    /** The node of {@code field}, or of the nearest enclosing field that was written. */
    private YamlNode find(String field) {
        YamlNode at = root;
        Matcher segment = SEGMENT.matcher(field);
        while (at != null && segment.find()) {
            YamlNode next = child(at, segment);
            if (next == null) {
                break;
            }
            at = next;
        }
        return at;
    }

    private static YamlNode child(YamlNode node, Matcher segment) {
        if (segment.group(1) != null && node instanceof YamlMap map) {
            Entry entry = map.entries().get(segment.group(1));
            return entry == null ? null : entry.value();
        }
        if (segment.group(2) != null && node instanceof YamlList list) {
            int index = Integer.parseInt(segment.group(2));
            return index < list.items().size() ? list.items().get(index) : null;
        }
        return null;
    }
}

package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlMap;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed access to the fields of one YAML map. Every read that fails records a problem at the
 * field's position and returns null (or an empty value), so reading goes on and all mistakes are
 * reported together. Keys that are not allowed are reported when the map is opened.
 */
final class Fields {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\+?[0-9][0-9_]*");
    private static final java.util.regex.Pattern FRACTION = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");

    private final YamlMap map;
    private final String path;
    private final Problems problems;

    private Fields(YamlMap map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The fields of {@code node}, or null (with a problem recorded) when it is not a map.
     *
     * @param what        names the section in the error, as in "a map of connection names to connections"
     * @param allowedKeys the keys the map may hold; null when any key is allowed
     */
    static Fields open(YamlNode node, String path, Problems problems, String what, List<String> allowedKeys) {
        if (!(node instanceof YamlMap map)) {
            problems.add(node, path, "must be " + what + ", found " + node.kind());
            return null;
        }
        Fields fields = new Fields(map, path, problems);
        if (allowedKeys != null) {
            fields.reportUnknownKeys(allowedKeys);
        }
        return fields;
    }

    private void reportUnknownKeys(List<String> allowedKeys) {
        for (Entry entry : map.entries().values()) {
            if (!allowedKeys.contains(entry.key())) {
                String hint = Suggestions.closest(entry.key(), allowedKeys)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("; valid keys are " + Suggestions.join(allowedKeys));
                problems.add(entry.line(), entry.column(), pathOf(entry.key()), "unknown key '" + entry.key() + "'" + hint);
            }
        }
    }

    YamlMap map() {
        return map;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value under {@code key}; null when the key is absent or its value is YAML null. */
    YamlNode get(String key) {
        Entry entry = map.entries().get(key);
        if (entry == null || entry.value() instanceof YamlScalar scalar && scalar.isNull()) {
            return null;
        }
        return entry.value();
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** Records that a required field is missing, positioned at the map itself. */
    void missing(String key, String message) {
        problems.add(map, pathOf(key), message);
    }

    void problem(String key, String message) {
        YamlNode at = get(key);
        problems.add(at != null ? at : map, pathOf(key), message);
    }

    /** A non-blank text value, or null when absent or invalid. */
    String text(String key) {
        YamlNode node = get(key);
        return node == null ? null : text(node, pathOf(key), problems);
    }

    String requiredText(String key, String message) {
        if (!has(key)) {
            missing(key, message);
            return null;
        }
        return text(key);
    }

    /**
     * A scalar's non-blank text, references resolved, or null with a problem; never quotes the value
     * (it may be a secret). Null without a new problem when a reference failed (already reported).
     */
    static String text(YamlNode node, String path, Problems problems) {
        if (!(node instanceof YamlScalar scalar) || scalar.isNull()) {
            problems.add(node, path, "must be a text value, found " + node.kind());
            return null;
        }
        if (scalar.resolution() == YamlNode.Resolution.FAILED) {
            return null;
        }
        if (scalar.text().isBlank()) {
            problems.add(node, path, scalar.resolution() == YamlNode.Resolution.RESOLVED
                    ? "must not be blank, but " + scalar.written() + " gives a blank value" : "must not be blank");
            return null;
        }
        return scalar.text();
    }

    /** Whether a value must be left out of checks: its references were deferred or failed. */
    static boolean isUnresolved(YamlNode node) {
        return node instanceof YamlScalar scalar && (scalar.resolution() == YamlNode.Resolution.DEFERRED
                || scalar.resolution() == YamlNode.Resolution.FAILED);
    }

    /** How a value is quoted in a message: as written when it came from references (it may be a secret). */
    static String quoted(YamlNode node, String value) {
        if (node instanceof YamlScalar scalar && scalar.resolution() == YamlNode.Resolution.RESOLVED) {
            return "the value of " + scalar.written();
        }
        return "'" + value + "'";
    }

    /** One of the named options, or null when absent or invalid. */
    <E> E choice(String key, Map<String, E> options) {
        YamlNode node = resolvedText(key);
        String value = node == null ? null : text(node, pathOf(key), problems);
        if (value == null) {
            return null;
        }
        E option = options.get(value);
        if (option == null) {
            List<String> names = List.copyOf(options.keySet());
            problems.add(node, pathOf(key), "must be one of " + Suggestions.join(names) + ", not " + quoted(node, value)
                    + Suggestions.didYouMean(value, names));
        }
        return option;
    }

    /** A whole number within bounds, or null when absent or invalid. */
    Integer wholeNumber(String key, long min, long max, String rangeText) {
        YamlNode node = resolvedText(key);
        String value = node == null ? null : text(node, pathOf(key), problems);
        if (value == null) {
            return null;
        }
        String digits = value.strip().replace("_", "").replace("+", "");
        if (WHOLE_NUMBER.matcher(value.strip()).matches() && digits.length() <= 10) {
            long number = Long.parseLong(digits);
            if (number >= min && number <= max) {
                return (int) number;
            }
        }
        problems.add(node, pathOf(key), "must be a whole number " + rangeText + ", not " + quoted(node, value));
        return null;
    }

    /** The node of a key whose value is to be read as text: null when absent or an unresolved reference. */
    private YamlNode resolvedText(String key) {
        YamlNode node = get(key);
        return node == null || isUnresolved(node) ? null : node;
    }

    /**
     * A fraction from 0 to 1, written as a number ({@code 0.01}) or a percentage ({@code 1%}); null when
     * absent or invalid.
     */
    Double fraction(String key) {
        YamlNode node = resolvedText(key);
        String value = node == null ? null : text(node, pathOf(key), problems);
        if (value == null) {
            return null;
        }
        String number = value.strip();
        boolean percent = number.endsWith("%");
        if (percent) {
            number = number.substring(0, number.length() - 1).strip();
        }
        if (FRACTION.matcher(number).matches()) {
            double fraction = Double.parseDouble(number) / (percent ? 100 : 1);
            if (fraction >= 0 && fraction <= 1) {
                return fraction;
            }
        }
        problems.add(node, pathOf(key), "must be a fraction from 0 to 1, such as 0.01 or 1%, not " + quoted(node, value));
        return null;
    }

    /**
     * A list of names, also accepting a single name; each must be non-blank and given once.
     * Empty when absent or invalid.
     */
    List<Named> names(String key) {
        YamlNode node = get(key);
        if (node == null) {
            return List.of();
        }
        String listPath = pathOf(key);
        if (node instanceof YamlScalar) {
            String name = text(node, listPath, problems);
            return name == null ? List.of() : List.of(new Named(name, node, listPath));
        }
        if (!(node instanceof YamlList list)) {
            problems.add(node, listPath, "must be a list of names (or a single name), found " + node.kind());
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(node, listPath, "must not be empty; leave the key out instead");
            return List.of();
        }
        List<Named> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String itemPath = listPath + "[" + i + "]";
            String name = text(item, itemPath, problems);
            if (name == null) {
                continue;
            }
            if (!seen.add(name)) {
                problems.add(item, itemPath, "'" + name + "' is listed more than once");
                continue;
            }
            names.add(new Named(name, item, itemPath));
        }
        return names;
    }

    /**
     * A map of non-blank text to non-blank text; empty when absent or invalid. Values are never quoted
     * in errors since they may be secrets.
     */
    Map<String, Named> textMap(String key) {
        YamlNode node = get(key);
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlMap inner)) {
            problems.add(node, pathOf(key), "must be a map of names to values, found " + node.kind());
            return Map.of();
        }
        Map<String, Named> values = new LinkedHashMap<>();
        for (Entry entry : inner.entries().values()) {
            String entryPath = pathOf(key) + "." + entry.key();
            if (entry.key().isBlank()) {
                problems.add(entry.line(), entry.column(), entryPath, "names must not be blank");
                continue;
            }
            String value = text(entry.value(), entryPath, problems);
            if (value != null) {
                values.put(entry.key(), new Named(value, entry.value(), entryPath));
            }
        }
        return values;
    }

    Optional<Entry> entry(String key) {
        return Optional.ofNullable(map.entries().get(key));
    }

    /** A text value with where it was written, for checks that relate it to other fields. */
    record Named(String value, YamlNode at, String path) {
    }
}

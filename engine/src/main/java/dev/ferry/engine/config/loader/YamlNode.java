package dev.ferry.engine.config.loader;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with where it was written. Jackson's own tree drops positions, and every config error
 * must name its line, hence this small tree. A container under a key is positioned at its key, so
 * "missing field" errors point at the line that opens the section.
 */
sealed interface YamlNode permits YamlNode.YamlMap, YamlNode.YamlList, YamlNode.YamlScalar {

    int line();

    int column();

    /** How the kind of value is named in error messages: "a map", "a list", "a text value". */
    String kind();

    /** Keys in file order. */
    record YamlMap(Map<String, Entry> entries, int line, int column) implements YamlNode {
        public String kind() {
            return "a map";
        }
    }

    record Entry(String key, int line, int column, YamlNode value) {
    }

    record YamlList(List<YamlNode> items, int line, int column) implements YamlNode {
        public String kind() {
            return "a list";
        }
    }

    /**
     * @param text       the scalar's value, without quotes, its {@code ${env:}}/{@code ${file:}} references
     *                   resolved; null for YAML null ({@code ~}, {@code null} or nothing)
     * @param written    the scalar as written, references and all; shown in messages in place of a
     *                   resolved value, which may be a secret
     * @param resolution what became of its references
     */
    record YamlScalar(String text, int line, int column, String written, Resolution resolution) implements YamlNode {

        /** A scalar as read, its references not looked at yet. */
        YamlScalar(String text, int line, int column) {
            this(text, line, column, text, Resolution.LITERAL);
        }

        public String kind() {
            return text == null ? "an empty value" : "a text value";
        }

        /** The value, or the text as written when it came from references: safe to quote in a message. */
        String shown() {
            return resolution == Resolution.LITERAL ? text : written;
        }

        boolean isNull() {
            return text == null;
        }
    }

    /** What became of a scalar's secret references. */
    enum Resolution {
        /** It has none: {@code text} is as written. */
        LITERAL,
        /** Every reference was replaced by what it points to. */
        RESOLVED,
        /** Not resolved, by request: {@code text} is as written, and a command that needs it must not run. */
        DEFERRED,
        /** A reference could not be resolved; the problem is already recorded. */
        FAILED
    }
}

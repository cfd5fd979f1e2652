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

    /** @param text the scalar as written, without quotes; null for YAML null ({@code ~}, {@code null} or nothing) */
    record YamlScalar(String text, int line, int column) implements YamlNode {
        public String kind() {
            return text == null ? "an empty value" : "a text value";
        }

        boolean isNull() {
            return text == null;
        }
    }
}

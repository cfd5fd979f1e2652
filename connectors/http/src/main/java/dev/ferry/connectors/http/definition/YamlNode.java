package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of a definition with its path, so that every problem names where it is; refuses fields it
 * does not know, so a misspelt one is an error rather than silently ignored.
 */
final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final String source;
    private final String path;
    private final JsonNode node;

    YamlNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    DefinitionException problem(String problem) {
        return new DefinitionException(source, path, problem);
    }

    String path() {
        return path;
    }

    String source() {
        return source;
    }

    JsonNode raw() {
        return node;
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    boolean isText() {
        return !isMissing() && node.isTextual();
    }

    YamlNode get(String field) {
        JsonNode child = isMissing() ? null : node.get(field);
        return new YamlNode(source, path.isEmpty() ? field : path + "." + field, child);
    }

    /** A map with only these fields. */
    YamlNode object(Set<String> known) {
        if (isMissing() || !node.isObject()) {
            throw problem("must be a map");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw get(name).problem("is not a known field here; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    Map<String, YamlNode> entries() {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        if (isMissing()) {
            return entries;
        }
        if (!node.isObject()) {
            throw problem("must be a map");
        }
        node.fieldNames().forEachRemaining(name -> entries.put(name, get(name)));
        return entries;
    }

    List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        if (isMissing()) {
            return items;
        }
        if (!node.isArray()) {
            throw problem("must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            items.add(new YamlNode(source, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    String text() {
        if (isMissing()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw problem("must be a single value");
        }
        return node.asText();
    }

    String requiredText() {
        String text = text();
        if (text == null || text.isBlank()) {
            throw problem("is required");
        }
        return text;
    }

    String text(String fallback) {
        String text = text();
        return text == null ? fallback : text;
    }

    Template template() {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
    }

    int wholeNumber(int fallback, int least) {
        if (isMissing()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < least) {
            throw problem("must be a whole number of at least " + least);
        }
        return node.asInt();
    }

    boolean flag(boolean fallback) {
        if (isMissing()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw problem("must be true or false");
        }
        return node.asBoolean();
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    Duration duration(Duration fallback) {
        if (isMissing()) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(node.asText().strip());
        if (!matcher.matches()) {
            throw problem("must be a duration such as 250ms, 30s, 5m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}

package dev.ferry.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.connectors.http.records.JsonText;

import java.util.function.Function;

/**
 * The values a stream's templates may name for one call: the connection's settings, the parent
 * record, the incremental starting point and the date window. A name with no value answers null,
 * which leaves a query parameter out.
 */
record Scope(ConnectionSettings settings, JsonNode parent, String since, String windowStart, String windowEnd)
        implements Function<String, String> {

    static Scope of(ConnectionSettings settings) {
        return new Scope(settings, null, null, null, null);
    }

    Scope withParent(JsonNode record) {
        return new Scope(settings, record, since, windowStart, windowEnd);
    }

    Scope withSince(String value) {
        return new Scope(settings, parent, value, windowStart, windowEnd);
    }

    Scope withWindow(String start, String end) {
        return new Scope(settings, parent, since, start, end);
    }

    @Override
    public String apply(String name) {
        if (name.startsWith("config.")) {
            return settings.get(name.substring("config.".length()));
        }
        if (name.startsWith("parent.")) {
            return parent == null ? null : text(parent.at("/" + name.substring("parent.".length()).replace('.', '/')));
        }
        return switch (name) {
            case "since" -> since;
            case "window.start" -> windowStart;
            case "window.end" -> windowEnd;
            default -> null;
        };
    }

    /** A parent field as text for a URL: scalars as written; null, missing, objects and arrays as nothing. */
    static String text(JsonNode value) {
        return JsonText.of(value);
    }
}

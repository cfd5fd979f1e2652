package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON body the way the API validates it: every problem is collected, then all are
 * answered at once as 422 with {@code message} as an array, in class-validator's wording.
 */
final class Validation {

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    Validation(JsonNode body) {
        this.body = body;
        if (!body.isObject()) {
            problems.add("the body must be a JSON object");
        }
    }

    /** For checks of query parameters, which have no body: only {@link #problem} and {@link #check}. */
    static Validation ofQuery() {
        return new Validation(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }

    boolean has(String name) {
        return body.has(name);
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    /** A string field; absent or null gives null. Required: absent, null or empty is a problem. */
    String string(String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(name + " should not be empty");
                problems.add(name + " must be a string");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(name + " must be a string");
            return null;
        }
        if (required && value.textValue().isEmpty()) {
            problems.add(name + " should not be empty");
        }
        return value.textValue();
    }

    Boolean bool(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problems.add(name + " must be a boolean value");
            return null;
        }
        return value.booleanValue();
    }

    /** An ISO-8601 date-time with an offset ({@code 2021-06-23T03:30:00+05:30}). */
    OffsetDateTime dateTime(String name, boolean required) {
        String text = string(name, required);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name + " must be a valid ISO 8601 date string");
            return null;
        }
    }

    String oneOf(String name, List<String> allowed) {
        String value = string(name, false);
        if (value != null && !allowed.contains(value)) {
            problems.add(name + " must be one of the following values: " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Answers 422 with every problem found, if any. */
    void check() {
        if (!problems.isEmpty()) {
            throw GhlErrors.unprocessable(problems);
        }
    }
}

package dev.ferry.connectors.http.records;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A single JSON value as text for a URL, a key or an id: numbers as written without exponent, other
 * scalars as they are; null for a missing, null, empty value or an object or array, which name nothing.
 */
public final class JsonText {
    private JsonText() {
    }

    public static String of(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
        return text.isEmpty() ? null : text;
    }
}

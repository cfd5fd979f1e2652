package dev.ferry.connectors.http.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.http.paging.PageWalk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;

/**
 * A record's values as JSON and as text for an API: numbers stay numbers with their digits, dates
 * and times in ISO form, a JSON column as the JSON it holds, bytes as base64. Keys are written as
 * text the same way in every key map ({@link #keyText}).
 */
public final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private JsonValues() {
    }

    /** The value as a JSON node; null for a null value. */
    public static JsonNode node(Object value, ColumnType type, String column) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case Boolean bool -> NODES.booleanNode(bool);
            case Long number -> NODES.numberNode(number);
            case Integer number -> NODES.numberNode(number);
            case Short number -> NODES.numberNode(number);
            case BigDecimal number -> NODES.numberNode(number);
            case BigInteger number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case String text when type == ColumnType.JSON -> parse(text, column);
            default -> NODES.textNode(text(value));
        };
    }

    /** The value as text for a URL or a key: numbers as written without exponent, the rest as ISO or its text. */
    public static String text(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal number -> number.toPlainString();
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            default -> value.toString();
        };
    }

    /** A record's key as the key map keeps it: one column's value as text, several as a JSON array of them. */
    public static String keyText(List<Object> values) {
        if (values.size() == 1) {
            return text(values.getFirst());
        }
        var array = NODES.arrayNode();
        values.forEach(value -> array.add(value == null ? NODES.nullNode() : NODES.textNode(text(value))));
        return array.toString();
    }

    private static JsonNode parse(String text, String column) {
        try {
            return PageWalk.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RejectedValueException(column, RejectedValueException.shorten(text) + " is not JSON");
        }
    }
}

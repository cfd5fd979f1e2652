package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;

/**
 * The export API's {@code json} format (its default): int64 as a base-10 string, bytes as a base64
 * string, NaN and the infinities as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}, other floats as JSON numbers. The format is lossy on its own (an int64, a
 * string of digits and a base64 string look alike), so it can only be read with the column's type
 * in hand; which is why reads use {@link ConvexJsonDecoder} and this one serves only for completeness
 * and for the tests that compare the two.
 */
final class CleanJsonDecoder extends ValueDecoder {
    static final CleanJsonDecoder INSTANCE = new CleanJsonDecoder();

    private CleanJsonDecoder() {
    }

    @Override
    String formatName() {
        return "json";
    }

    @Override
    long int64(JsonNode value, String column) {
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                throw mismatch(column, "an int64 written as base-10 text", value);
            }
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        throw mismatch(column, "an int64 written as base-10 text", value);
    }

    @Override
    double float64(JsonNode value, String column) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            switch (value.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw mismatch(column, "a float64 (a number, or NaN, Infinity or -Infinity as text)", value);
    }

    @Override
    byte[] bytes(JsonNode value, String column) {
        if (value.isTextual()) {
            try {
                return Base64.getDecoder().decode(value.textValue());
            } catch (IllegalArgumentException e) {
                throw mismatch(column, "bytes written as base64", value);
            }
        }
        throw mismatch(column, "bytes written as base64", value);
    }
}

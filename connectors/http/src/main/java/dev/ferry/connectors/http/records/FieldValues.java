package dev.ferry.connectors.http.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A JSON value as the value of a column of a given type, exactly or not at all: a value the type
 * cannot hold without change (a fraction in an integer column, a date in another form, text in a
 * number column) fails with the column named, and the reader fails its row naming stream and key.
 * Answers are parsed with decimals kept as written, so a decimal column gets the digits the API sent.
 */
public final class FieldValues {
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,19}");

    private FieldValues() {
    }

    public static Object convert(JsonNode value, ColumnType type, String column) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        return switch (type) {
            case JSON -> value.toString();
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw refused(column, value, "is not true or false");
                }
                yield value.booleanValue();
            }
            case BIGINT -> whole(value, column);
            case DECIMAL -> decimal(value, column);
            case DOUBLE -> {
                if (!value.isNumber()) {
                    throw refused(column, value, "is not a number");
                }
                double number = value.doubleValue();
                if (value.isBigDecimal() && new BigDecimal(Double.toString(number)).compareTo(value.decimalValue()) != 0) {
                    throw refused(column, value, "has more digits than a double holds; declare the field decimal");
                }
                yield number;
            }
            case TEXT, STRING -> {
                if (value.isTextual()) {
                    yield value.textValue();
                }
                if (value.isIntegralNumber()) {
                    yield value.bigIntegerValue().toString();
                }
                if (value.isNumber()) {
                    yield value.decimalValue().toPlainString();
                }
                if (value.isBoolean()) {
                    yield Boolean.toString(value.booleanValue());
                }
                throw refused(column, value, "is an " + value.getNodeType().name().toLowerCase() + ", not text; declare the field json");
            }
            case DATE -> {
                String text = text(value, column);
                try {
                    yield LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    throw refused(column, value, "is not a date as yyyy-MM-dd");
                }
            }
            case TIMESTAMP -> {
                try {
                    yield LocalDateTime.parse(isoT(text(value, column)));
                } catch (DateTimeParseException e) {
                    throw refused(column, value, "is not a date and time without zone, as 2024-05-01T09:30:00");
                }
            }
            case TIMESTAMP_TZ -> {
                try {
                    yield OffsetDateTime.parse(isoT(text(value, column)));
                } catch (DateTimeParseException e) {
                    throw refused(column, value, "is not a date and time with its offset, as 2024-05-01T09:30:00Z");
                }
            }
            case UUID -> {
                String text = text(value, column);
                try {
                    UUID uuid = UUID.fromString(text);
                    if (!uuid.toString().equalsIgnoreCase(text)) {
                        throw refused(column, value, "is not a UUID in its usual form");
                    }
                    yield uuid;
                } catch (IllegalArgumentException e) {
                    throw refused(column, value, "is not a UUID");
                }
            }
            default -> throw new IllegalStateException("No JSON conversion for " + type);
        };
    }

    /** {@code 2024-05-01 09:30:00} as ISO writes it, with a T. */
    private static String isoT(String text) {
        return text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text;
    }

    private static Long whole(JsonNode value, String column) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            try {
                return value.decimalValue().longValueExact();
            } catch (ArithmeticException e) {
                throw refused(column, value, "is not a whole number that fits 64 bits");
            }
        }
        if (value.isTextual() && WHOLE.matcher(value.textValue()).matches()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                throw refused(column, value, "does not fit 64 bits");
            }
        }
        throw refused(column, value, "is not a whole number");
    }

    private static BigDecimal decimal(JsonNode value, String column) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue());
            } catch (NumberFormatException e) {
                throw refused(column, value, "is not a number");
            }
        }
        throw refused(column, value, "is not a number");
    }

    private static String text(JsonNode value, String column) {
        if (!value.isTextual()) {
            throw refused(column, value, "is not text");
        }
        return value.textValue();
    }

    private static RejectedValueException refused(String column, JsonNode value, String why) {
        return new RejectedValueException(column, RejectedValueException.shorten(value.toString()) + " " + why);
    }
}

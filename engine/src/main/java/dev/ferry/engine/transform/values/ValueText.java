package dev.ferry.engine.transform.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.engine.transform.Shortened;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The text form of values, both ways, exactly: what a value given in a pipeline's file (a default,
 * a key or a value of a map) means for a column type, and what a value looks like as text.
 *
 * <p>Parsing is strict, and a text that does not parse exactly is refused, never approximated:
 * <ul>
 *   <li>integers and decimals: decimal notation with an optional sign, point and exponent
 *       ({@code -12}, {@code 12.50}, {@code 1.5e3}); a value for an integer type must be whole
 *       ({@code 12.00} is 12, {@code 12.5} is refused) and in range; a value for DECIMAL(p,s) must fit
 *       without rounding; a value for FLOAT or DOUBLE must be exactly the float's shortest form
 *       ({@code 0.1} is, {@code 0.10000000000000001} is not), or {@code NaN}, {@code Infinity},
 *       {@code -Infinity}; no spaces, no thousands separators;</li>
 *   <li>booleans: {@code true/false}, {@code yes/no}, {@code 1/0}, in any case;</li>
 *   <li>dates and times: ISO 8601 with strict calendar rules ({@code 2024-02-30} is refused):
 *       {@code 2024-01-31}, {@code 13:45:30.5}, {@code 2024-01-31T13:45:30} (a space may stand for
 *       the {@code T}), and for TIMESTAMP_TZ with an offset, {@code 2024-01-31T13:45:30+01:00} or
 *       {@code Z};</li>
 *   <li>UUIDs: 36 characters, hex digits in groups of 8-4-4-4-12, in any case;</li>
 *   <li>JSON: one well-formed document; STRING: no longer than the column's length; BINARY: none.</li>
 * </ul>
 * The canonical text of a value is what {@link #format} gives: integers in plain digits, decimals
 * in plain notation with their scale ({@code 12.50}), floats as Java prints them ({@code 1.0E10},
 * which parse back to the same float), booleans as {@code true/false}, temporal values in ISO 8601
 * (seconds always shown), UUIDs in lower case.
 */
final class ValueText {
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final DateTimeFormatter ISO_OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:mm:ss", "Z")
            .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ValueText() {
    }

    /**
     * The value {@code text} means for a column of {@code type}, {@code precision} and {@code scale}.
     *
     * @throws Refusal saying why the text is no such value
     */
    static Object parse(ColumnType type, String text, int precision, int scale) {
        return switch (type) {
            case STRING -> Inputs.fitLength(text, precision, "text");
            case TEXT -> text;
            case JSON -> json(text);
            case BOOLEAN -> bool(text);
            case SMALLINT, INTEGER, BIGINT, DECIMAL -> Numbers.convert(Numbers.parse(text), type, precision, scale);
            case FLOAT, DOUBLE -> {
                NonFiniteDecimal nonFinite = NonFiniteDecimal.parse(text);
                yield nonFinite != null ? Numbers.toFloat(nonFinite, type)
                        : Numbers.convert(Numbers.parse(text), type, 0, 0);
            }
            case DATE -> temporal(text, DateTimeFormatter.ISO_LOCAL_DATE, type, "2024-01-31");
            case TIME -> temporal(text, DateTimeFormatter.ISO_LOCAL_TIME, type, "13:45:30");
            case TIMESTAMP -> temporal(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME, type, "2024-01-31T13:45:30");
            case TIMESTAMP_TZ -> temporal(text, ISO_OFFSET_DATE_TIME, type, "2024-01-31T13:45:30+01:00");
            case UUID -> uuid(text);
            case BINARY -> throw new Refusal("BINARY values have no text form here");
        };
    }

    /** The canonical text of a non-null value of any type but BINARY. */
    static String format(Object value) {
        return switch (value) {
            case String text -> text;
            case BigDecimal decimal -> decimal.toPlainString();
            case LocalDate date -> DateTimeFormatter.ISO_LOCAL_DATE.format(date);
            case LocalTime time -> DateTimeFormatter.ISO_LOCAL_TIME.format(time);
            case LocalDateTime timestamp -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
            case OffsetDateTime timestamp -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
            case UUID uuid -> uuid.toString();
            case byte[] bytes -> throw new Refusal(bytes.length + " bytes have no text form here");
            default -> value.toString(); // Boolean, Short, Integer, Long, Float, Double, NonFiniteDecimal
        };
    }

    static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new Refusal(Shortened.quote(text)
                    + " is not a boolean (true/false, yes/no or 1/0, in any case)");
        };
    }

    static UUID uuid(String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new Refusal(Shortened.quote(text)
                    + " is not a UUID (hex digits in groups of 8-4-4-4-12, such as 123e4567-e89b-12d3-a456-426614174000)");
        }
        return UUID.fromString(text);
    }

    private static String json(String text) {
        try {
            JSON.readTree(text);
            return text;
        } catch (JsonProcessingException notJson) {
            throw new Refusal(Shortened.quote(text) + " is not a JSON document");
        }
    }

    private static Object temporal(String text, DateTimeFormatter iso, ColumnType type, String example) {
        String normalised = type != ColumnType.DATE && type != ColumnType.TIME && text.length() > 10
                && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return switch (type) {
                case DATE -> LocalDate.from(iso.parse(normalised));
                case TIME -> LocalTime.from(iso.parse(normalised));
                case TIMESTAMP -> LocalDateTime.from(iso.parse(normalised));
                default -> OffsetDateTime.from(iso.parse(normalised));
            };
        } catch (DateTimeParseException notIso) {
            throw new Refusal(Shortened.quote(text) + " is not a " + type + " in ISO 8601 form such as " + example
                    + " (a real " + (type == ColumnType.TIME ? "time" : "date") + ", strictly checked)");
        }
    }
}

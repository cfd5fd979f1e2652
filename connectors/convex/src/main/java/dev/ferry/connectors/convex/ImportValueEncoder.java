package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.api.Column;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A Ferry value as the plain JSON of a streaming import record. The import takes plain JSON, in
 * which Convex reads a number as a float64 (JavaScript's number) and has no int64, bytes, NaN or
 * infinities; so:
 * <ul>
 *   <li>SMALLINT, INTEGER, BIGINT: a JSON number, which Convex keeps as a float64; exact up to
 *       2^53 in magnitude, so a BIGINT beyond that is refused, never rounded. (An {@code int64}
 *       field needs the mutation path, {@link FunctionValueEncoder}.)</li>
 *   <li>DOUBLE, FLOAT: a JSON number (a FLOAT widened exactly); NaN and the infinities are refused,
 *       since plain JSON cannot carry them and their string spellings would arrive as strings.</li>
 *   <li>DECIMAL: a string of its exact digits ({@code "12.50"}, scale kept), since a float64 would
 *       round it; NaN and the infinities of PostgreSQL numerics as {@code "NaN"},
 *       {@code "Infinity"}, {@code "-Infinity"}.</li>
 *   <li>BOOLEAN, STRING, TEXT: as they are. UUID: its canonical lowercase string.</li>
 *   <li>BINARY: a base64 string (RFC 4648, with padding), as Convex's own {@code json} format spells
 *       bytes; the import's JSON cannot say "bytes", so it arrives as a string.</li>
 *   <li>DATE {@code 2024-01-31}, TIME {@code 10:15:30.5}, TIMESTAMP {@code 2024-01-31T10:15:30.5}:
 *       ISO 8601 strings; TIMESTAMP_TZ the same instant in UTC, {@code 2024-01-31T08:15:30.5Z}.
 *       The infinities PostgreSQL has for dates and timestamps are refused.</li>
 *   <li>JSON: the parsed value itself (an object, array, ...), checked by {@link NestedJsonCheck}.</li>
 * </ul>
 */
final class ImportValueEncoder {
    /** 2^53: every integer up to this magnitude is exactly a float64. */
    static final long MAX_EXACT_FLOAT_INTEGER = 1L << 53;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ImportValueEncoder() {
    }

    /** The JSON for a non-null {@code value} of {@code column}; throws {@link RejectedValueException} naming the column. */
    static JsonNode encode(Column column, Object value) {
        String name = column.name();
        return switch (column.type()) {
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case SMALLINT -> NODES.numberNode((Short) value);
            case INTEGER -> NODES.numberNode((Integer) value);
            case BIGINT -> integer(name, (Long) value);
            case FLOAT -> finite(name, ((Float) value).doubleValue());
            case DOUBLE -> finite(name, (Double) value);
            case DECIMAL -> NODES.textNode(value instanceof NonFiniteDecimal special ? special.text()
                    : ((BigDecimal) value).toPlainString());
            case STRING, TEXT -> NODES.textNode((String) value);
            case UUID -> NODES.textNode(value.toString());
            case BINARY -> NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
            case DATE -> NODES.textNode(date(name, (LocalDate) value));
            case TIME -> NODES.textNode(DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value));
            case TIMESTAMP -> NODES.textNode(timestamp(name, (LocalDateTime) value));
            case TIMESTAMP_TZ -> NODES.textNode(instant(name, (OffsetDateTime) value));
            case JSON -> NestedJsonCheck.parse(name, (String) value);
        };
    }

    private static JsonNode integer(String column, long value) {
        if (value > MAX_EXACT_FLOAT_INTEGER || value < -MAX_EXACT_FLOAT_INTEGER) {
            throw new RejectedValueException(column, value + " is beyond 2^53 in magnitude: the streaming import takes "
                    + "numbers as float64, which would round it (write: mutation with integers: int64 writes an int64)");
        }
        return NODES.numberNode(value);
    }

    private static JsonNode finite(String column, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new RejectedValueException(column, value + " cannot be sent: the streaming import's plain JSON has no "
                    + "NaN or infinity, and a string would arrive as a string");
        }
        return NODES.numberNode(value);
    }

    private static String date(String column, LocalDate value) {
        if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN)) {
            throw new RejectedValueException(column, "an infinite date has no ISO 8601 spelling for Convex");
        }
        return DateTimeFormatter.ISO_LOCAL_DATE.format(value);
    }

    private static String timestamp(String column, LocalDateTime value) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            throw new RejectedValueException(column, "an infinite timestamp has no ISO 8601 spelling for Convex");
        }
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value);
    }

    private static String instant(String column, OffsetDateTime value) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            throw new RejectedValueException(column, "an infinite timestamp has no ISO 8601 spelling for Convex");
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC));
    }
}

package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.api.ColumnType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** How PostgreSQL's COPY text format spells each type's values. */
final class CopyTextFormat {

    private CopyTextFormat() {
    }

    static void put(ColumnType type, Object value, BulkBuffer out) {
        switch (type) {
            case BOOLEAN -> out.put((Boolean) value ? 't' : 'f');
            case SMALLINT, INTEGER, BIGINT -> out.putLong(((Number) value).longValue());
            // Java and PostgreSQL spell NaN, Infinity and -Infinity the same way.
            case FLOAT -> out.putAscii(Float.toString((Float) value));
            case DOUBLE -> out.putAscii(Double.toString((Double) value));
            case DECIMAL -> out.putAscii(((BigDecimal) value).toPlainString());
            case DATE -> {
                LocalDate date = (LocalDate) value;
                out.putDate(date);
                out.putEra(date);
            }
            case TIME -> out.putTime((LocalTime) value);
            case TIMESTAMP -> {
                LocalDateTime timestamp = (LocalDateTime) value;
                out.putDate(timestamp.toLocalDate());
                out.put(' ');
                out.putTime(timestamp.toLocalTime());
                out.putEra(timestamp.toLocalDate());
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime timestamp = (OffsetDateTime) value;
                LocalDate date = timestamp.toLocalDate();
                out.putDate(date);
                out.put(' ');
                out.putTime(timestamp.toLocalTime());
                out.putOffset(timestamp.getOffset());
                out.putEra(date);
            }
            case STRING, TEXT, JSON -> out.putEscaped((String) value);
            case BINARY -> out.putBytea((byte[]) value);
            case UUID -> out.putAscii(value.toString());
        }
    }
}

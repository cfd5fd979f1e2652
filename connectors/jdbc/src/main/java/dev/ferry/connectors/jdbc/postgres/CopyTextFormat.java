package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.connectors.jdbc.BulkBuffer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * How PostgreSQL's COPY text format spells each type's values: {@code infinity} and
 * {@code -infinity} for the java.time MAX and MIN, a trailing {@code BC} for years before 1,
 * numeric's {@code NaN} and infinities as PostgreSQL and Java both spell them.
 */
final class CopyTextFormat {

    private CopyTextFormat() {
    }

    static void put(Column column, Object value, BulkBuffer out) {
        switch (column.type()) {
            case BOOLEAN -> out.put((Boolean) value ? 't' : 'f');
            case SMALLINT, INTEGER, BIGINT -> out.putLong(((Number) value).longValue());
            // Java and PostgreSQL spell NaN, Infinity and -Infinity the same way.
            case FLOAT -> out.putAscii(Float.toString((Float) value));
            case DOUBLE -> out.putAscii(Double.toString((Double) value));
            case DECIMAL -> out.putAscii(value instanceof NonFiniteDecimal special ? special.text()
                    : ((BigDecimal) value).toPlainString());
            case DATE -> {
                LocalDate date = PostgresLimits.date(column, (LocalDate) value);
                if (PostgresLimits.isInfinite(date)) {
                    out.putAscii(date.equals(LocalDate.MAX) ? "infinity" : "-infinity");
                } else {
                    out.putDate(date);
                    out.putEra(date);
                }
            }
            case TIME -> out.putTime((LocalTime) value);
            case TIMESTAMP -> {
                LocalDateTime timestamp = PostgresLimits.timestamp(column, (LocalDateTime) value);
                if (PostgresLimits.isInfinite(timestamp)) {
                    out.putAscii(timestamp.equals(LocalDateTime.MAX) ? "infinity" : "-infinity");
                } else {
                    out.putDate(timestamp.toLocalDate());
                    out.put(' ');
                    out.putTime(timestamp.toLocalTime());
                    out.putEra(timestamp.toLocalDate());
                }
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime timestamp = PostgresLimits.timestampTz(column, (OffsetDateTime) value);
                if (PostgresLimits.isInfinite(timestamp)) {
                    out.putAscii(timestamp.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity");
                } else {
                    LocalDate date = timestamp.toLocalDate();
                    out.putDate(date);
                    out.put(' ');
                    out.putTime(timestamp.toLocalTime());
                    out.putOffset(timestamp.getOffset());
                    out.putEra(date);
                }
            }
            case STRING, TEXT, JSON -> out.putEscaped(PostgresLimits.text(column, (String) value));
            case BINARY -> out.putBytea((byte[]) value);
            case UUID -> out.putAscii(value.toString());
        }
    }
}

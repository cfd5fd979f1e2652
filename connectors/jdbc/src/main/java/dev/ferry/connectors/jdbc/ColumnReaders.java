package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The readers for drivers that implement JDBC 4.2 faithfully (getObject with java.time classes).
 * A dialect overrides single types where its driver differs.
 */
public final class ColumnReaders {

    private ColumnReaders() {
    }

    /** The standard reader for {@code column}'s type. */
    public static ColumnReader standard(Column column) {
        return switch (column.type()) {
            case BOOLEAN -> (row, i) -> {
                boolean value = row.getBoolean(i);
                return row.wasNull() ? null : Boolean.valueOf(value);
            };
            case SMALLINT -> (row, i) -> {
                short value = row.getShort(i);
                return row.wasNull() ? null : Short.valueOf(value);
            };
            case INTEGER -> (row, i) -> {
                int value = row.getInt(i);
                return row.wasNull() ? null : Integer.valueOf(value);
            };
            case BIGINT -> (row, i) -> {
                long value = row.getLong(i);
                return row.wasNull() ? null : Long.valueOf(value);
            };
            case FLOAT -> (row, i) -> {
                float value = row.getFloat(i);
                return row.wasNull() ? null : Float.valueOf(value);
            };
            case DOUBLE -> (row, i) -> {
                double value = row.getDouble(i);
                return row.wasNull() ? null : Double.valueOf(value);
            };
            case DECIMAL -> decimal(column.scale());
            case DATE -> (row, i) -> row.getObject(i, LocalDate.class);
            case TIME -> (row, i) -> row.getObject(i, LocalTime.class);
            case TIMESTAMP -> (row, i) -> row.getObject(i, LocalDateTime.class);
            case TIMESTAMP_TZ -> (row, i) -> row.getObject(i, OffsetDateTime.class);
            case STRING, TEXT, JSON -> (row, i) -> row.getString(i);
            case BINARY -> (row, i) -> row.getBytes(i);
            case UUID -> (row, i) -> {
                Object value = row.getObject(i);
                return value == null || value instanceof UUID ? value : UUID.fromString(value.toString());
            };
        };
    }

    /** Reads a decimal and gives it the declared scale, so 1.1 in a NUMERIC(10,2) reads as 1.10. */
    public static ColumnReader decimal(int scale) {
        return (row, i) -> withScale(row.getBigDecimal(i), scale);
    }

    /** {@code value} with the declared scale; unchanged when the scale is unknown (0) or value null. */
    public static BigDecimal withScale(BigDecimal value, int scale) {
        if (value == null || scale <= 0 || value.scale() == scale) {
            return value;
        }
        return value.setScale(scale, RoundingMode.HALF_EVEN);
    }
}

package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.TableName;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The text format of {@code LOAD DATA} ({@link dev.ferry.connectors.jdbc.TabSeparatedRows} with
 * backslash escapes) and the statement that reads it. Binary values travel as hex and are decoded
 * by the statement, so no byte is ever read through a character set.
 */
final class LoadDataFormat {

    private LoadDataFormat() {
    }

    /**
     * {@code LOAD DATA LOCAL INFILE} of the encoded rows; REPLACE when the table has a key, so a
     * key repeated across batches keeps its last row, as an upsert would.
     */
    static String sql(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder columns = new StringBuilder();
        StringBuilder decode = new StringBuilder();
        for (int i = 0; i < schema.columns().size(); i++) {
            Column column = schema.columns().get(i);
            String quoted = dialect.quote(column.name(), "column of " + table);
            columns.append(i == 0 ? "" : ", ");
            if (column.type() == ColumnType.BINARY) {
                columns.append("@hex").append(i);
                decode.append(decode.isEmpty() ? " SET " : ", ").append(quoted).append(" = UNHEX(@hex").append(i).append(')');
            } else {
                columns.append(quoted);
            }
        }
        return "LOAD DATA LOCAL INFILE 'ferry-rows' " + (schema.hasKey() ? "REPLACE " : "") + "INTO TABLE "
                + dialect.quote(table) + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                + "LINES TERMINATED BY '\\n' (" + columns + ")" + decode;
    }

    static void put(ColumnType type, Object value, BulkBuffer out) {
        switch (type) {
            case BOOLEAN -> out.put((Boolean) value ? '1' : '0');
            case SMALLINT, INTEGER, BIGINT -> out.putLong(((Number) value).longValue());
            // NaN and infinities are refused by the server, as MariaDB has no such values. A float
            // goes as the digits of its exact double: MariaDB parses the text as a double, and the
            // float's own shortest digits (3.4028235E38) parse to a double above the largest float.
            case FLOAT -> out.putAscii(Double.toString((Float) value));
            case DOUBLE -> out.putAscii(Double.toString((Double) value));
            case DECIMAL -> out.putAscii(((BigDecimal) value).toPlainString());
            case DATE -> out.putDate(inRange((LocalDate) value));
            case TIME -> out.putTime((LocalTime) value);
            case TIMESTAMP -> putTimestamp((LocalDateTime) value, out);
            case TIMESTAMP_TZ -> putTimestamp(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), out);
            case STRING, TEXT, JSON -> out.putEscaped((String) value);
            case BINARY -> out.putHex((byte[]) value);
            case UUID -> out.putAscii(value.toString());
        }
    }

    /** MariaDB's dates run from year 1000 (0 accepted) to 9999; earlier ones would be misread. */
    private static LocalDate inRange(LocalDate date) {
        if (date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException("MariaDB cannot store the date " + date + " (years 0 to 9999 only)");
        }
        return date;
    }

    private static void putTimestamp(LocalDateTime timestamp, BulkBuffer out) {
        out.putDate(inRange(timestamp.toLocalDate()));
        out.put(' ');
        out.putTime(timestamp.toLocalTime());
    }
}

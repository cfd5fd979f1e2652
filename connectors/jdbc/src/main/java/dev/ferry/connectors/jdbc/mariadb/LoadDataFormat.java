package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.TableName;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

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

    /** Refuses what MariaDB cannot hold ({@link MariaDbLimits}) instead of sending it. */
    static void put(Column column, Object value, BulkBuffer out) {
        switch (column.type()) {
            case BOOLEAN -> out.put((Boolean) value ? '1' : '0');
            case SMALLINT, INTEGER, BIGINT -> out.putLong(((Number) value).longValue());
            // A float goes as the digits of its exact double: MariaDB parses the text as a double,
            // and the float's own shortest digits (3.4028235E38) parse to a double above the largest float.
            case FLOAT -> out.putAscii(Double.toString(MariaDbLimits.finite(column, (Float) value)));
            case DOUBLE -> out.putAscii(Double.toString(MariaDbLimits.finite(column, (Double) value)));
            case DECIMAL -> out.putAscii(MariaDbLimits.decimal(column, value).toPlainString());
            case DATE -> out.putDate(MariaDbLimits.date(column, (LocalDate) value));
            case TIME -> out.putTime((LocalTime) value);
            case TIMESTAMP -> putTimestamp(MariaDbLimits.dateTime(column, (LocalDateTime) value), out);
            case TIMESTAMP_TZ -> putTimestamp(MariaDbLimits.utcDateTime(column, (OffsetDateTime) value), out);
            case STRING, TEXT, JSON -> out.putEscaped((String) value);
            case BINARY -> out.putHex((byte[]) value);
            case UUID -> out.putAscii(MariaDbLimits.uuid(column, (UUID) value).toString());
        }
    }

    private static void putTimestamp(LocalDateTime timestamp, BulkBuffer out) {
        out.putDate(timestamp.toLocalDate());
        out.put(' ');
        out.putTime(timestamp.toLocalTime());
    }
}

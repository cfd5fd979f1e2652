package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;

import java.util.List;

/**
 * Rows as lines of tab-separated values with {@code \N} for NULL, the text shape both
 * PostgreSQL's COPY and MariaDB's LOAD DATA read; each database spells the values its own way.
 */
public final class TabSeparatedRows {

    /** How one database spells a non-null value of a type, escapes included. */
    @FunctionalInterface
    public interface ValueFormat {
        void put(ColumnType type, Object value, BulkBuffer out);
    }

    private final ColumnType[] types;
    private final ValueFormat format;

    public TabSeparatedRows(List<Column> columns, ValueFormat format) {
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.format = format;
    }

    /** Appends one line: values separated by tabs, ended by a newline. */
    public void encode(Object[] row, BulkBuffer out) {
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                out.put('\t');
            }
            Object value = row[i];
            if (value == null) {
                out.putNull();
            } else {
                format.put(types[i], value, out);
            }
        }
        out.put('\n');
    }
}

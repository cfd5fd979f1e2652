package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;

import java.util.List;

/**
 * Rows as lines of tab-separated values with {@code \N} for NULL, the text shape both
 * PostgreSQL's COPY and MariaDB's LOAD DATA read; each database spells the values its own way.
 */
public final class TabSeparatedRows {

    /**
     * How one database spells a non-null value of a column, escapes included; throws
     * {@link dev.ferry.api.RejectedValueException} for a value the database cannot hold.
     */
    @FunctionalInterface
    public interface ValueFormat {
        void put(Column column, Object value, BulkBuffer out);
    }

    private final Column[] columns;
    private final ValueFormat format;

    public TabSeparatedRows(List<Column> columns, ValueFormat format) {
        this.columns = columns.toArray(Column[]::new);
        this.format = format;
    }

    /** Appends one line: values separated by tabs, ended by a newline. */
    public void encode(Object[] row, BulkBuffer out) {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.put('\t');
            }
            Object value = row[i];
            if (value == null) {
                out.putNull();
            } else {
                format.put(columns[i], value, out);
            }
        }
        out.put('\n');
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.StreamRef;

import java.util.List;

/**
 * The SELECT of one read: the chosen columns of a table, view or wrapped query, and for
 * incremental reads {@code WHERE cursor >= ? ORDER BY cursor}. The bound is always a parameter.
 */
public final class ReadQuery {

    private ReadQuery() {
    }

    /**
     * @param columns      the columns to select, in order; never empty
     * @param cursorColumn the cursor to order by, or null for a full read
     * @param bounded      whether to add the {@code >= ?} condition (the bound is parameter 1)
     */
    public static String build(Dialect dialect, StreamRef stream, List<String> columns, String cursorColumn,
                               boolean bounded) {
        return build(dialect, stream, columns, cursorColumn, bounded, null);
    }

    /**
     * As {@link #build(Dialect, StreamRef, List, String, boolean)}, comparing and ordering by the
     * dialect's own expression where it has one ({@link Dialect#cursorAtOrAfterBound}).
     *
     * @param cursor the cursor column, or null for a full read
     */
    public static String forRead(Dialect dialect, StreamRef stream, List<String> columns, Column cursor, boolean bounded) {
        return build(dialect, stream, columns, cursor == null ? null : cursor.name(), bounded, cursor);
    }

    private static String build(Dialect dialect, StreamRef stream, List<String> columns, String cursorColumn,
                                boolean bounded, Column cursor) {
        TableName context = stream.object() != null ? TableName.parse(stream.object()) : new TableName(null, stream.name());
        StringBuilder sql = new StringBuilder("SELECT ").append(SqlText.columnList(dialect, context, columns))
                .append(" FROM ").append(from(dialect, stream));
        if (cursorColumn != null) {
            String quoted = dialect.quote(cursorColumn, "cursor of stream " + stream.name());
            if (bounded) {
                String condition = cursor == null ? null : dialect.cursorAtOrAfterBound(cursor, quoted);
                sql.append(" WHERE ").append(condition != null ? condition : quoted + " >= ?");
            }
            String order = cursor == null ? null : dialect.cursorOrderBy(cursor, quoted);
            sql.append(" ORDER BY ").append(order != null ? order : quoted);
        }
        return sql.toString();
    }

    /** The FROM item: a quoted table name, or the query wrapped as a subquery. */
    public static String from(Dialect dialect, StreamRef stream) {
        if (stream.object() != null) {
            return dialect.quote(TableName.parse(stream.object()));
        }
        // The newline keeps a trailing line comment in the query from swallowing the parenthesis.
        return "(" + withoutTrailingSemicolons(stream.query()) + "\n) ferry_query";
    }

    static String withoutTrailingSemicolons(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }
}

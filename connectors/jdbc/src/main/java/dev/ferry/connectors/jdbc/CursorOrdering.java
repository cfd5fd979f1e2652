package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;

/**
 * Implemented by a {@link Dialect} whose stored cursor values do not sort as the values they
 * stand for, so an incremental read must compare and order rows by an expression rather than by
 * the column itself. SQLite is the case in point: its timestamps are text in several ISO forms
 * (minutes only, a 'T' separator, any offset), and text order is not time order across forms.
 * Dialects whose columns are typed leave this out and get {@code cursor >= ? ORDER BY cursor}.
 */
public interface CursorOrdering {

    /**
     * The condition true for rows whose cursor is at or after the bound, which it names exactly
     * once as {@code ?}; or null to use {@code column >= ?}. Rows whose value the expression
     * cannot place must be selected too, so that reading them reports them instead of skipping
     * them.
     *
     * @param cursor the cursor column; never null
     * @param column the column, already quoted; never null
     */
    String atOrAfterBound(Column cursor, String column);

    /** What to order by so that the last row read holds the highest value; null to order by {@code column}. */
    String orderBy(Column cursor, String column);
}

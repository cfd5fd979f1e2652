package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A table read whole through one of the pipeline's connections, once per run, as a lookup's mapping:
 * the key column's values are the keys, the value columns are the fields of what each key maps to.
 * Immutable; two equal sources are one read in a run's {@link LookupTables}.
 *
 * @param connection   the name of the pipeline connection to read it through; never blank
 * @param table        the table or view, schema-qualified or not, as the connection's connector names it
 * @param keyColumn    the column that holds the keys
 * @param valueColumns the columns the lookup takes, at least one, each once
 * @param maxRows      a table with more rows is refused rather than held in memory for the run; at least 1
 */
public record TableLookupSource(String connection, String table, String keyColumn, List<String> valueColumns,
                                long maxRows) implements LookupSource {

    /** A table lookup is held in memory for the whole run; a million rows of a few columns fit in a modest heap. */
    public static final long DEFAULT_MAX_ROWS = 1_000_000;

    public TableLookupSource {
        requireName(connection, "the connection to read the table through");
        requireName(table, "the table to read");
        String who = "Table " + table + " through connection " + connection;
        if (keyColumn == null || keyColumn.isBlank()) {
            throw new TransformDefinitionException(who + ": name the column that holds the keys");
        }
        valueColumns = List.copyOf(Objects.requireNonNull(valueColumns, "value columns"));
        if (valueColumns.isEmpty()) {
            throw new TransformDefinitionException(who + ": name at least one column whose values the lookup takes");
        }
        Set<String> seen = new HashSet<>();
        for (String column : valueColumns) {
            if (column == null || column.isBlank()) {
                throw new TransformDefinitionException(who + ": a value column's name is blank");
            }
            if (!seen.add(column)) {
                throw new TransformDefinitionException(who + ": column " + column + " is named twice");
            }
        }
        if (maxRows < 1) {
            throw new TransformDefinitionException(who + ": the row limit must be at least 1, not " + maxRows);
        }
    }

    /** The table's key column and {@code valueColumns}, the default row limit. */
    public static TableLookupSource of(String connection, String table, String keyColumn, List<String> valueColumns) {
        return new TableLookupSource(connection, table, keyColumn, valueColumns, DEFAULT_MAX_ROWS);
    }

    public TableLookupSource withMaxRows(long newMaxRows) {
        return new TableLookupSource(connection, table, keyColumn, valueColumns, newMaxRows);
    }

    /** The columns one read asks for: the key column, then the value columns that are not it. */
    public List<String> readColumns() {
        List<String> columns = new java.util.ArrayList<>(valueColumns.size() + 1);
        columns.add(keyColumn);
        valueColumns.stream().filter(column -> !column.equals(keyColumn)).forEach(columns::add);
        return List.copyOf(columns);
    }

    @Override
    public String describe() {
        return "Table " + table + " through connection " + connection;
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new TransformDefinitionException("A table lookup needs " + what);
        }
    }
}

package dev.ferry.cli.e2e;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a synced table with a reference copy of the same data, cell by cell, and lists every
 * difference with its table, key and column.
 */
final class TableDiff {

    /** One difference; {@code key} is {@code *} when it concerns the whole table or a whole column. */
    record Mismatch(String table, String key, String column, String detail) {
        @Override
        public String toString() {
            return table + " [" + key + "]" + (column == null ? "" : " " + column) + ": " + detail;
        }
    }

    /** Whether a synced column's declared type can hold every value of the reference column's. */
    @FunctionalInterface
    interface TypeRule {
        boolean holdsEverythingOf(ColumnShape copy, ColumnShape original);
    }

    private TableDiff() {
    }

    /**
     * Every way {@code synced} differs from {@code reference}, two PostgreSQL tables; empty when they
     * hold the same values.
     */
    static List<Mismatch> compare(TableSnapshot reference, TableSnapshot synced) {
        return compare(reference, synced, ColumnShape::holdsEverythingOf);
    }

    /** Every way {@code synced} differs from {@code reference}, with column types judged by {@code types}. */
    static List<Mismatch> compare(TableSnapshot reference, TableSnapshot synced, TypeRule types) {
        List<Mismatch> mismatches = new ArrayList<>();
        String table = reference.table();
        Set<String> shared = new LinkedHashSet<>(reference.columnNames());
        shared.retainAll(synced.columnNames());
        for (String column : reference.columnNames()) {
            if (!shared.contains(column)) {
                mismatches.add(new Mismatch(table, "*", column, "missing from the synced table"));
            }
        }
        for (String column : synced.columnNames()) {
            if (!shared.contains(column)) {
                mismatches.add(new Mismatch(table, "*", column, "not in the reference table"));
            }
        }
        for (String column : shared) {
            ColumnShape original = reference.column(column);
            ColumnShape copy = synced.column(column);
            if (!types.holdsEverythingOf(copy, original)) {
                mismatches.add(new Mismatch(table, "*", column, "reference type " + original.describe()
                        + ", synced type " + copy.describe() + " cannot hold all its values"));
            }
        }
        if (reference.rows().size() != synced.rows().size()) {
            mismatches.add(new Mismatch(table, "*", null, "reference has " + reference.rows().size()
                    + " rows, synced table " + synced.rows().size()));
        }
        for (Map.Entry<String, Map<String, Object>> entry : reference.rows().entrySet()) {
            Map<String, Object> copy = synced.rows().get(entry.getKey());
            if (copy == null) {
                mismatches.add(new Mismatch(table, entry.getKey(), null, "row missing from the synced table"));
                continue;
            }
            for (String column : shared) {
                Object expected = entry.getValue().get(column);
                Object actual = copy.get(column);
                if (!sameValue(expected, actual)) {
                    mismatches.add(new Mismatch(table, entry.getKey(), column,
                            "reference " + describe(expected) + ", synced " + describe(actual)));
                }
            }
        }
        for (String key : synced.rows().keySet()) {
            if (!reference.rows().containsKey(key)) {
                mismatches.add(new Mismatch(table, key, null, "row not in the reference table"));
            }
        }
        return mismatches;
    }

    /** Numbers are equal by value (0.99 and 0.990 are the same price); everything else exactly. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof BigDecimal a && actual instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(expected, actual);
    }

    private static String describe(Object value) {
        return value == null ? "NULL" : TableSnapshot.render(value) + " (" + value.getClass().getSimpleName() + ")";
    }
}

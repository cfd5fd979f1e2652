package dev.ferry.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed shape of a stream: its columns in order and the columns that identify a row.
 *
 * @param name       the stream's name; never null
 * @param columns    the columns, in the order values appear in each {@link ChangeRecord}; never empty
 * @param keyColumns names of the columns that identify a row; may be empty when the stream has no
 *                   key (then only appends and overwrites are possible)
 */
public record StreamSchema(String name, List<Column> columns, List<String> keyColumns) {

    public StreamSchema {
        Objects.requireNonNull(name, "stream name");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("Stream " + name + " has no columns");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (seen.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(
                        "Stream " + name + " has two columns named " + columns.get(i).name());
            }
        }
        for (String key : keyColumns) {
            if (!seen.containsKey(key)) {
                throw new IllegalArgumentException(
                        "Stream " + name + ": key column " + key + " is not one of its columns " + seen.keySet());
            }
        }
    }

    /** Position of the named column, or -1. */
    public int indexOf(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }

    /** The named column; throws when there is none. */
    public Column column(String columnName) {
        int index = indexOf(columnName);
        if (index < 0) {
            throw new IllegalArgumentException("Stream " + name + " has no column " + columnName);
        }
        return columns.get(index);
    }

    /** Positions of the key columns, in key order. */
    public int[] keyIndexes() {
        int[] indexes = new int[keyColumns.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = indexOf(keyColumns.get(i));
        }
        return indexes;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column column : columns) {
            names.add(column.name());
        }
        return names;
    }

    public boolean hasKey() {
        return !keyColumns.isEmpty();
    }

    public StreamSchema withName(String newName) {
        return new StreamSchema(newName, columns, keyColumns);
    }

    /**
     * A row's key for messages, as {@code name=value} pairs in key order ({@code conduce=42},
     * {@code a=1, b=x}); each value shortened. For a stream without a key, its first column.
     *
     * @param row the row's values in this schema's column order
     */
    public String describeKey(Object[] row) {
        int[] indexes = hasKey() ? keyIndexes() : new int[] {0};
        StringBuilder text = new StringBuilder();
        for (int index : indexes) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            Object value = index < row.length ? row[index] : null;
            text.append(columns.get(index).name()).append('=').append(RejectedValueException.shorten(value));
        }
        return text.toString();
    }
}

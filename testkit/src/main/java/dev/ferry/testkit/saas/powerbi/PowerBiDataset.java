package dev.ferry.testkit.saas.powerbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One dataset: its workspace ({@code groupId}, null for My workspace), whether it is a push dataset
 * (only those take rows, and only into the tables they declare), its tables' rows by plain column
 * name, and the answers the test registered for exact query texts. Thread-safe by synchronising on
 * the dataset.
 */
final class PowerBiDataset {

    final String id;
    final String groupId;
    final boolean push;
    private final Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> answers = new LinkedHashMap<>();

    PowerBiDataset(String id, String groupId, boolean push, Set<String> pushTables) {
        this.id = id;
        this.groupId = groupId;
        this.push = push;
        pushTables.forEach(table -> tables.put(table, new ArrayList<>()));
    }

    synchronized boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    synchronized void putTable(String table, List<Map<String, Object>> rows) {
        tables.put(table, new ArrayList<>(rows));
    }

    synchronized void append(String table, List<Map<String, Object>> rows) {
        tables.get(table).addAll(rows);
    }

    synchronized void clear(String table) {
        tables.get(table).clear();
    }

    /** A copy of the table's rows, or null when there is no such table. */
    synchronized List<Map<String, Object>> rows(String table) {
        List<Map<String, Object>> rows = tables.get(table);
        return rows == null ? null : List.copyOf(rows);
    }

    /** Every column any row of the table has, in first-seen order. */
    synchronized List<String> columns(String table) {
        Set<String> columns = new LinkedHashSet<>();
        tables.getOrDefault(table, List.of()).forEach(row -> columns.addAll(row.keySet()));
        return List.copyOf(columns);
    }

    synchronized void answer(String query, List<Map<String, Object>> rows) {
        answers.put(DaxQuery.normalise(query), List.copyOf(rows));
    }

    synchronized List<Map<String, Object>> answerFor(String query) {
        return answers.get(DaxQuery.normalise(query));
    }
}

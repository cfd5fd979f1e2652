package dev.ferry.testkit.convex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The fake deployment's tables, with every version of every document kept, so that a snapshot
 * can be read as of its timestamp while documents change, and deltas can be listed after any
 * timestamp. Thread-safe: every method locks the store (functions hold the lock for their whole
 * run, which makes them serializable, as Convex mutations are).
 *
 * <p>Timestamps ({@code _ts}) are nanoseconds near the wall clock and strictly increase with each
 * commit; all writes of one commit (one mutation, one import request) share its timestamp.
 */
public final class ConvexStore {

    /** table → document id → versions in commit order. Ordered maps give snapshots a stable order. */
    private final NavigableMap<String, NavigableMap<String, List<StoredDocument>>> tables = new TreeMap<>();
    /** Every version in commit order, for deltas. */
    private final List<StoredDocument> log = new ArrayList<>();
    private final DocumentIds ids = new DocumentIds();
    private long lastTs = System.currentTimeMillis() * 1_000_000L;
    /** table → key fields → key values → id: the lookups by key of imports and sync functions. */
    private final Map<String, Map<List<String>, Map<List<ConvexValue>, String>>> keyIndexes = new HashMap<>();

    public synchronized void createTable(String table) {
        tables.computeIfAbsent(table, name -> new TreeMap<>());
    }

    public synchronized List<String> tableNames() {
        return List.copyOf(tables.keySet());
    }

    public synchronized boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    public synchronized String newId() {
        return ids.next();
    }

    public synchronized long lastTs() {
        return lastTs;
    }

    /** Applies the writes as one commit with one new timestamp, which it returns. */
    public synchronized long commit(Collection<Write> writes) {
        return commit(writes, true);
    }

    synchronized long commit(Collection<Write> writes, boolean visibleInDeltas) {
        long ts = Math.max(lastTs + 1, System.currentTimeMillis() * 1_000_000L);
        for (Write write : writes) {
            NavigableMap<String, List<StoredDocument>> table = tables.computeIfAbsent(write.table(), name -> new TreeMap<>());
            List<StoredDocument> versions = table.computeIfAbsent(write.id(), id -> new ArrayList<>());
            StoredDocument previous = versions.isEmpty() ? null : versions.getLast();
            boolean exists = previous != null && !previous.deleted();
            if (write.fields() == null && !exists) {
                continue;
            }
            double creationTime = exists ? previous.creationTime() : ts / 1_000_000.0;
            StoredDocument version = new StoredDocument(write.table(), write.id(), creationTime, ts, write.fields(),
                    visibleInDeltas || write.fields() != null);
            versions.add(version);
            log.add(version);
            reindex(previous, version);
        }
        lastTs = ts;
        return ts;
    }

    /**
     * The live document whose {@code fields} equal {@code values}, or null. The index is built on
     * first use and kept up to date by every commit, so repeated lookups cost no table scan.
     */
    public synchronized StoredDocument findBy(String table, List<String> fields, List<ConvexValue> values) {
        Map<List<ConvexValue>, String> index = keyIndexes.computeIfAbsent(table, name -> new HashMap<>())
                .computeIfAbsent(List.copyOf(fields), key -> buildIndex(table, key));
        String id = index.get(values);
        return id == null ? null : get(table, id);
    }

    private Map<List<ConvexValue>, String> buildIndex(String table, List<String> fields) {
        Map<List<ConvexValue>, String> index = new HashMap<>();
        for (StoredDocument document : documents(table)) {
            List<ConvexValue> key = keyOf(document.fields(), fields);
            if (key != null) {
                index.put(key, document.id());
            }
        }
        return index;
    }

    private void reindex(StoredDocument previous, StoredDocument version) {
        Map<List<String>, Map<List<ConvexValue>, String>> indexes = keyIndexes.get(version.table());
        if (indexes == null) {
            return;
        }
        indexes.forEach((fields, index) -> {
            List<ConvexValue> oldKey = previous == null ? null : keyOf(previous.fields(), fields);
            if (oldKey != null) {
                index.remove(oldKey, version.id());
            }
            List<ConvexValue> newKey = keyOf(version.fields(), fields);
            if (newKey != null) {
                index.put(newKey, version.id());
            }
        });
    }

    /** The key values, or null when the document is deleted or lacks a key field. */
    private static List<ConvexValue> keyOf(ConvexValue.Obj document, List<String> fields) {
        if (document == null) {
            return null;
        }
        List<ConvexValue> key = new ArrayList<>(fields.size());
        for (String field : fields) {
            ConvexValue value = document.get(field);
            if (value == null) {
                return null;
            }
            key.add(value);
        }
        return key;
    }

    /** The live document, or null. */
    public synchronized StoredDocument get(String table, String id) {
        NavigableMap<String, List<StoredDocument>> documents = tables.get(table);
        List<StoredDocument> versions = documents == null ? null : documents.get(id);
        if (versions == null || versions.isEmpty() || versions.getLast().deleted()) {
            return null;
        }
        return versions.getLast();
    }

    /** The live documents of a table, in id order (empty for an unknown table). */
    public synchronized List<StoredDocument> documents(String table) {
        return snapshotPage(table, lastTs, null, Integer.MAX_VALUE).documents();
    }

    /** A position in a snapshot: the last document returned. */
    record SnapshotPosition(String table, String id) {
    }

    record SnapshotPage(List<StoredDocument> documents, SnapshotPosition last, boolean hasMore) {
    }

    /**
     * Up to {@code limit} documents as they were at {@code snapshotTs}, after {@code after} (null:
     * from the start), from one table or (table null) from all tables in name order.
     */
    synchronized SnapshotPage snapshotPage(String table, long snapshotTs, SnapshotPosition after, int limit) {
        List<StoredDocument> page = new ArrayList<>();
        NavigableMap<String, NavigableMap<String, List<StoredDocument>>> scope = table == null ? tables
                : tables.containsKey(table) ? tables.subMap(table, true, table, true) : new TreeMap<>();
        if (after != null) {
            scope = scope.tailMap(after.table(), true);
        }
        SnapshotPosition last = after;
        for (Map.Entry<String, NavigableMap<String, List<StoredDocument>>> entry : scope.entrySet()) {
            NavigableMap<String, List<StoredDocument>> documents = entry.getValue();
            if (after != null && entry.getKey().equals(after.table())) {
                documents = documents.tailMap(after.id(), false);
            }
            for (List<StoredDocument> versions : documents.values()) {
                StoredDocument asOf = versionAt(versions, snapshotTs);
                if (asOf == null || asOf.deleted()) {
                    continue;
                }
                if (page.size() == limit) {
                    return new SnapshotPage(page, last, true);
                }
                page.add(asOf);
                last = new SnapshotPosition(asOf.table(), asOf.id());
            }
        }
        return new SnapshotPage(page, last, false);
    }

    private static StoredDocument versionAt(List<StoredDocument> versions, long ts) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).ts() <= ts) {
                return versions.get(i);
            }
        }
        return null;
    }

    record DeltaPage(List<StoredDocument> changes, long cursor, boolean hasMore) {
    }

    /**
     * Changes with {@code ts > afterTs}, oldest first, of one table or all. A page holds at least
     * {@code limit} changes when that many exist, but never ends inside a commit: the cursor is a
     * timestamp, so cutting a commit in two would lose its other half (choice: such a page may
     * exceed the limit). With nothing more to read the cursor moves to the latest commit.
     */
    synchronized DeltaPage deltas(long afterTs, String table, int limit) {
        List<StoredDocument> changes = new ArrayList<>();
        int index = firstAfter(afterTs);
        for (; index < log.size(); index++) {
            StoredDocument version = log.get(index);
            if (!version.visibleInDeltas() || (table != null && !table.equals(version.table()))) {
                continue;
            }
            if (changes.size() >= limit && version.ts() != changes.getLast().ts()) {
                return new DeltaPage(changes, changes.getLast().ts(), true);
            }
            changes.add(version);
        }
        return new DeltaPage(changes, Math.max(afterTs, lastTs), false);
    }

    private int firstAfter(long ts) {
        int low = 0;
        int high = log.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (log.get(middle).ts() <= ts) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}

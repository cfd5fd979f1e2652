package dev.ferry.testkit.convex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's view of the tables: reads see the committed data plus the function's own writes;
 * writes are buffered and commit together, with one timestamp, when the function returns.
 * Enforces the per-transaction limits on writes (documents and bytes) and index ranges read, and
 * the document size limit.
 * Documents are handed out with {@code _id} and {@code _creationTime}; written fields must not
 * start with {@code _}.
 */
public final class FunctionTransaction {

    private record Key(String table, String id) {
    }

    private record IndexKey(String table, String field) {
    }

    private final ConvexStore store;
    private final Map<Key, Write> pending = new LinkedHashMap<>();
    /** (table, field) → value → id over the pending writes, so a batch of lookups stays linear. */
    private final Map<IndexKey, Map<ConvexValue, String>> pendingIndexes = new HashMap<>();
    private int writes;
    private int indexRanges;
    private long bytesWritten;

    FunctionTransaction(ConvexStore store) {
        this.store = store;
    }

    /** The document with this id, or null. */
    public ConvexValue.Obj get(String table, String id) {
        Write write = pending.get(new Key(table, id));
        if (write != null) {
            return write.fields() == null ? null : withSystemFields(table, id, write.fields());
        }
        StoredDocument stored = store.get(table, id);
        return stored == null ? null : stored.withSystemFields();
    }

    /** The id of a document whose {@code field} equals {@code value}, or null (an index lookup). */
    public String findIdBy(String table, String field, ConvexValue value) {
        if (++indexRanges > FunctionLimits.INDEX_RANGES) {
            throw new ConvexFunctionError(FunctionLimits.tooManyIndexRanges());
        }
        String pendingId = pendingIndex(table, field).get(value);
        if (pendingId != null) {
            return pendingId;
        }
        StoredDocument stored = store.findBy(table, List.of(field), List.of(value));
        if (stored == null || pending.containsKey(new Key(table, stored.id()))) {
            // Written in this transaction, and its pending fields no longer match.
            return null;
        }
        return stored.id();
    }

    private Map<ConvexValue, String> pendingIndex(String table, String field) {
        return pendingIndexes.computeIfAbsent(new IndexKey(table, field), key -> {
            Map<ConvexValue, String> index = new HashMap<>();
            pending.forEach((written, write) -> {
                ConvexValue value = write.fields() == null ? null : write.fields().get(field);
                if (written.table().equals(table) && value != null) {
                    index.put(value, written.id());
                }
            });
            return index;
        });
    }

    private void record(String table, String id, Write write) {
        Write previous = pending.put(new Key(table, id), write);
        pendingIndexes.forEach((key, index) -> {
            if (!key.table().equals(table)) {
                return;
            }
            String field = key.field();
            if (previous != null && previous.fields() != null && previous.fields().get(field) != null) {
                index.remove(previous.fields().get(field), id);
            }
            if (write.fields() != null && write.fields().get(field) != null) {
                index.put(write.fields().get(field), id);
            }
        });
    }

    /** All documents of a table, committed and pending, for small tables in tests. */
    public List<ConvexValue.Obj> documents(String table) {
        List<ConvexValue.Obj> all = new ArrayList<>();
        for (StoredDocument stored : store.documents(table)) {
            if (!pending.containsKey(new Key(table, stored.id()))) {
                all.add(stored.withSystemFields());
            }
        }
        pending.forEach((key, write) -> {
            if (key.table().equals(table) && write.fields() != null) {
                all.add(withSystemFields(table, key.id(), write.fields()));
            }
        });
        return all;
    }

    public String insert(String table, ConvexValue.Obj fields) {
        String id = store.newId();
        put(table, id, fields);
        return id;
    }

    /** Replaces the whole document (Convex's {@code db.replace}). */
    public void replace(String table, String id, ConvexValue.Obj fields) {
        requireExists(table, id);
        put(table, id, fields);
    }

    public void delete(String table, String id) {
        requireExists(table, id);
        count(1);
        record(table, id, Write.delete(table, id));
    }

    private void put(String table, String id, ConvexValue.Obj fields) {
        ConvexValue.Obj userFields = withoutSystemFields(table, fields);
        FunctionLimits.checkDocument(table, userFields);
        count(userFields.approximateSize());
        record(table, id, Write.upsert(table, id, userFields));
    }

    private void count(long bytes) {
        if (++writes > FunctionLimits.DOCUMENTS_WRITTEN) {
            throw new ConvexFunctionError(FunctionLimits.tooManyWrites());
        }
        bytesWritten += bytes;
        if (bytesWritten > FunctionLimits.BYTES_WRITTEN) {
            throw new ConvexFunctionError(FunctionLimits.tooManyBytesWritten());
        }
    }

    private void requireExists(String table, String id) {
        if (get(table, id) == null) {
            throw new ConvexFunctionError("Document " + id + " does not exist in table " + table);
        }
    }

    void commit() {
        if (!pending.isEmpty()) {
            store.commit(pending.values());
        }
    }

    private ConvexValue.Obj withSystemFields(String table, String id, ConvexValue.Obj fields) {
        StoredDocument stored = store.get(table, id);
        double creationTime = stored != null ? stored.creationTime() : store.lastTs() / 1_000_000.0;
        return new StoredDocument(table, id, creationTime, 0, fields, true).withSystemFields();
    }

    /** {@code _id} and {@code _creationTime} may come back from a read; other {@code _} fields are refused. */
    private static ConvexValue.Obj withoutSystemFields(String table, ConvexValue.Obj fields) {
        Map<String, ConvexValue> user = new LinkedHashMap<>();
        fields.fields().forEach((name, value) -> {
            if (name.equals("_id") || name.equals("_creationTime")) {
                return;
            }
            if (name.startsWith("_")) {
                throw new ConvexFunctionError("Field name " + name + " in table " + table + " starts with '_', which is reserved");
            }
            user.put(name, value);
        });
        return ConvexValue.object(user);
    }
}

package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.RecordBatch;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drops unchanged rows of hash-mode streams and remembers the new hashes until the next commit. */
final class HashFilter {
    private final StreamKey key;
    private final StateStore state;
    private final RowHasher hasher;
    private final int[] keyIndexes;
    /** Whether the run notes every key it sees, so that hashes of rows gone from the source can be forgotten. */
    private final boolean notesSeenRows;
    private Map<String, byte[]> pending = new HashMap<>();

    HashFilter(StreamKey key, StateStore state, int[] keyIndexes, boolean notesSeenRows) {
        this.key = key;
        this.state = state;
        this.hasher = new RowHasher(keyIndexes);
        this.keyIndexes = keyIndexes.clone();
        this.notesSeenRows = notesSeenRows;
        if (notesSeenRows) {
            state.startSeenRows(key);
        }
    }

    /** The records whose content changed; the others are added to {@code unchanged}. */
    RecordBatch changedOnly(RecordBatch batch, List<ChangeRecord> unchanged) {
        List<String> rowKeys = new ArrayList<>(batch.size());
        List<byte[]> hashes = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            rowKeys.add(hasher.rowKey(record.values()));
            hashes.add(hasher.contentHash(record.values()));
        }
        Map<String, byte[]> stored = state.rowHashes(key, rowKeys);
        if (notesSeenRows) {
            state.noteSeenRows(key, rowKeys);
        }
        List<ChangeRecord> changed = new ArrayList<>();
        for (int i = 0; i < rowKeys.size(); i++) {
            String rowKey = rowKeys.get(i);
            byte[] hash = hashes.get(i);
            byte[] previous = pending.containsKey(rowKey) ? pending.get(rowKey) : stored.get(rowKey);
            if (previous == null || !java.util.Arrays.equals(previous, hash)) {
                changed.add(batch.records().get(i));
                pending.put(rowKey, hash);
            } else {
                unchanged.add(batch.records().get(i));
            }
        }
        return new RecordBatch(changed, batch.checkpoint());
    }

    /**
     * Forgets the hash noted for a record the destination refused, so the run does not store it as
     * written: the row is compared, and written, again by the next run.
     */
    void forget(ChangeRecord refused) {
        pending.remove(hasher.rowKey(refused.values()));
    }

    /** The key values of each record, in key-column order. */
    List<Object[]> keysOf(List<ChangeRecord> records) {
        List<Object[]> keys = new ArrayList<>(records.size());
        for (ChangeRecord record : records) {
            Object[] keyValues = new Object[keyIndexes.length];
            for (int k = 0; k < keyIndexes.length; k++) {
                keyValues[k] = record.value(keyIndexes[k]);
            }
            keys.add(keyValues);
        }
        return keys;
    }

    Map<String, byte[]> drainPending() {
        Map<String, byte[]> drained = pending;
        pending = new HashMap<>();
        return drained;
    }
}

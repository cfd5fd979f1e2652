package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.Lookback;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.engine.state.BoundaryChange;
import dev.ferry.engine.state.BoundaryRow;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows an incremental stream committed at the top of its cursor. An incremental read is
 * inclusive ({@code cursor >= last value}, minus the look-back), so it reads again every row that
 * shares the stored cursor value or lies within the look-back window below it: that is what keeps
 * rows committed late with such a value from being lost. The rows it read again and already
 * committed unchanged need no second write; this class recognises them by key and content hash
 * (as hash mode does, with {@link RowHasher}) and drops them from the batches, so they count as
 * unchanged.
 *
 * <p>What it holds is stored with each checkpoint, in the same state transaction
 * ({@link StateStore#commitProgress(StreamKey, Checkpoint, Map, BoundaryChange)}), so after a crash
 * the stored boundary describes exactly the rows the stored checkpoint covers: a replay skips only
 * rows the destination holds with that content. A row read again with a different content, and any
 * row not known here (a late tie), is written as before.
 *
 * <p>Memory is bounded: at most {@value #MAX_ROWS} rows (about 10 MB) are kept, those with the
 * lowest cursor values going first. Rows beyond the cap are simply written again by the next run,
 * as they were before this existed. The rows a run removes as missing at the source forget the
 * whole boundary, so a removed row that comes back with the same content is written again.
 *
 * <p>Writer thread only; one per stream run.
 */
final class CursorBoundary {
    /** Rows kept at most: enough for a statement that set the cursor of tens of thousands of rows at once. */
    static final int MAX_ROWS = 50_000;

    private final RowHasher hasher;
    private final int cursorIndex;
    private final Lookback lookback;
    /** What the rows will be after the next commit, by row key, in the order they were last written. */
    private final LinkedHashMap<String, BoundaryRow> rows = new LinkedHashMap<>();
    /** What the state store holds now. */
    private Map<String, BoundaryRow> stored = new HashMap<>();
    private boolean forgetStored;

    private CursorBoundary(int[] keyIndexes, int cursorIndex, Lookback lookback) {
        this.hasher = new RowHasher(keyIndexes);
        this.cursorIndex = cursorIndex;
        this.lookback = lookback;
    }

    /** The boundary the last commit of {@code key} stored. */
    static CursorBoundary load(StateStore state, StreamKey key, int[] keyIndexes, int cursorIndex,
                               ColumnType cursorType, Lookback lookback) {
        CursorBoundary boundary = new CursorBoundary(keyIndexes, cursorIndex, lookback);
        for (BoundaryRow row : state.cursorBoundary(key, cursorType)) {
            boundary.rows.put(row.rowKey(), row);
            boundary.stored.put(row.rowKey(), row);
        }
        return boundary;
    }

    /** How many rows it knows. */
    int size() {
        return rows.size();
    }

    /**
     * The batch without the upserts already committed with the same content; every other upsert is
     * noted as what the boundary will hold once it is committed.
     */
    RecordBatch unchangedDropped(RecordBatch batch) {
        List<ChangeRecord> changed = new ArrayList<>(batch.size());
        for (ChangeRecord record : batch.records()) {
            Object[] values = record.values();
            String rowKey = hasher.rowKey(values);
            if (record.operation() == Operation.DELETE) {
                rows.remove(rowKey);
                changed.add(record);
                continue;
            }
            byte[] hash = hasher.contentHash(values);
            BoundaryRow known = rows.get(rowKey);
            if (known != null && Arrays.equals(known.hash(), hash)) {
                continue;
            }
            changed.add(record);
            rows.remove(rowKey);
            Object cursor = values[cursorIndex];
            if (cursor != null) {
                rows.put(rowKey, new BoundaryRow(rowKey, hash, cursor));
            }
        }
        return changed.size() == batch.size() ? batch : new RecordBatch(changed, batch.checkpoint());
    }

    /** Forgets every row: the destination may have lost some of them (rows removed as missing at the source). */
    void forgetAll() {
        rows.clear();
        forgetStored = true;
    }

    /**
     * What the commit that makes {@code checkpoint} durable changes in the stored boundary: rows
     * below the next read's lower bound, and the oldest beyond {@link #MAX_ROWS}, are dropped; the
     * rest replaces what is stored.
     */
    BoundaryChange changeFor(Checkpoint checkpoint) {
        if (checkpoint instanceof Checkpoint.CursorValue cursor) {
            Object lowerBound = lowerBound(cursor.value());
            rows.values().removeIf(row -> compare(row.cursor(), lowerBound) < 0);
        }
        Iterator<String> oldest = rows.keySet().iterator();
        while (rows.size() > MAX_ROWS) {
            oldest.next();
            oldest.remove();
        }
        List<String> removed = new ArrayList<>();
        List<BoundaryRow> put = new ArrayList<>();
        if (!forgetStored) {
            for (String rowKey : stored.keySet()) {
                if (!rows.containsKey(rowKey)) {
                    removed.add(rowKey);
                }
            }
        }
        for (BoundaryRow row : rows.values()) {
            BoundaryRow before = forgetStored ? null : stored.get(row.rowKey());
            if (before != row) {
                put.add(row);
            }
        }
        BoundaryChange change = new BoundaryChange(forgetStored, removed, put);
        stored = new HashMap<>(rows);
        forgetStored = false;
        return change;
    }

    private Object lowerBound(Object value) {
        try {
            return lookback.lowerBound(value);
        } catch (IllegalArgumentException e) {
            // The read fails on such a look-back with a message of its own; keep only exact ties meanwhile.
            return value;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a.getClass() != b.getClass() || !(a instanceof Comparable)) {
            return -1;
        }
        return ((Comparable) a).compareTo(b);
    }
}

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

import java.util.ArrayDeque;
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
 * rows committed late with such a value from being lost. The rows it reads again that were already
 * committed unchanged need no second write; this class recognises them by key and content hash
 * (as hash mode does, with {@link RowHasher}) and drops them from the batches, so they count as
 * unchanged. A re-read row with other content, and any row not known here (a late tie), is
 * written as before.
 *
 * <p>What it holds is stored with each checkpoint, in the same state transaction
 * ({@link StateStore#commitProgress(StreamKey, Checkpoint, Map, BoundaryChange)}), so after a crash
 * the stored boundary describes rows the stored checkpoint covers: a replay skips only rows the
 * destination holds with that content. Rows a run removes as missing at the source forget the whole
 * boundary, so a removed row that comes back with the same content is written again.
 *
 * <p>Cost: a row can only match a known row if its cursor value is not above the highest known
 * one (the cursor is part of the content), so only such rows are hashed on arrival. Of the other
 * rows, only those still within the window at the end of their batch (at or above the lower bound
 * of a read resuming at the batch's last cursor value) are hashed and held; the growing cursor
 * drops held rows it leaves behind. Memory is bounded: at most {@value #MAX_ROWS} rows are kept,
 * the lowest cursor values going first; rows beyond the cap are simply written again by the next
 * run, as they were before this existed.
 *
 * <p>Writer thread only; one per try of a stream run.
 */
final class CursorBoundary {
    /** Rows kept at most (about 10 MB): a statement that set the cursor of tens of thousands of rows at once fits. */
    static final int MAX_ROWS = 50_000;

    private final RowHasher hasher;
    private final int cursorIndex;
    private final Lookback lookback;
    /** Rows known with their hashes, by row key: as loaded or as of the last commit. */
    private final LinkedHashMap<String, BoundaryRow> known = new LinkedHashMap<>();
    /** The highest cursor value in {@link #known}; null when it is empty. */
    private Object highestKnown;
    /** Rows written since the last commit that were still in the window after their batch, in cursor order. */
    private final ArrayDeque<BoundaryRow> written = new ArrayDeque<>();
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
            boundary.known.put(row.rowKey(), row);
            boundary.stored.put(row.rowKey(), row);
        }
        boundary.highestKnown = highest(boundary.known.values());
        return boundary;
    }

    /** Rows written since the last commit that are held for the boundary. */
    int heldRows() {
        return written.size();
    }

    /** The batch without the upserts already committed with the same content; the others are noted. */
    RecordBatch unchangedDropped(RecordBatch batch) {
        List<ChangeRecord> changed = new ArrayList<>(batch.size());
        List<Object[]> fresh = new ArrayList<>();
        Object lastCursor = null;
        for (ChangeRecord record : batch.records()) {
            Object[] values = record.values();
            if (record.operation() == Operation.DELETE) {
                known.remove(hasher.rowKey(values));
                changed.add(record);
                continue;
            }
            Object cursor = values[cursorIndex];
            if (cursor == null) {
                changed.add(record);
                continue;
            }
            if (highestKnown != null && compare(cursor, highestKnown) <= 0) {
                BoundaryRow row = known.get(hasher.rowKey(values));
                if (row != null && Arrays.equals(row.hash(), hasher.contentHash(values))) {
                    continue;
                }
            }
            changed.add(record);
            fresh.add(values);
            lastCursor = cursor;
        }
        if (lastCursor != null) {
            Object lowerBound = lowerBound(lastCursor);
            dropBelow(lowerBound);
            // Only the rows still in the window are hashed and held: usually the last few of the batch.
            for (Object[] values : fresh) {
                if (compare(values[cursorIndex], lowerBound) >= 0) {
                    written.addLast(new BoundaryRow(hasher.rowKey(values), hasher.contentHash(values), values[cursorIndex]));
                }
            }
            dropBelow(lowerBound);
        }
        return changed.size() == batch.size() ? batch : new RecordBatch(changed, batch.checkpoint());
    }

    /** Forgets every row: the destination may have lost some of them (rows removed as missing at the source). */
    void forgetAll() {
        known.clear();
        written.clear();
        highestKnown = null;
        forgetStored = true;
    }

    /**
     * What the commit that makes {@code checkpoint} durable changes in the stored boundary: the rows
     * at or above the next read's lower bound, at most {@link #MAX_ROWS}, replace what is stored.
     */
    BoundaryChange changeFor(Checkpoint checkpoint) {
        for (BoundaryRow row : written) {
            known.remove(row.rowKey());
            known.put(row.rowKey(), row);
        }
        written.clear();
        if (checkpoint instanceof Checkpoint.CursorValue cursor) {
            Object lowerBound = lowerBound(cursor.value());
            known.values().removeIf(row -> compare(row.cursor(), lowerBound) < 0);
        }
        Iterator<String> oldest = known.keySet().iterator();
        while (known.size() > MAX_ROWS) {
            oldest.next();
            oldest.remove();
        }
        highestKnown = highest(known.values());
        List<String> removed = new ArrayList<>();
        List<BoundaryRow> put = new ArrayList<>();
        if (!forgetStored) {
            for (String rowKey : stored.keySet()) {
                if (!known.containsKey(rowKey)) {
                    removed.add(rowKey);
                }
            }
            // The cursor moved past every stored row (the usual case): one statement forgets them all.
            if (!removed.isEmpty() && removed.size() == stored.size()) {
                forgetStored = true;
                removed.clear();
            }
        }
        for (BoundaryRow row : known.values()) {
            if (forgetStored || stored.get(row.rowKey()) != row) {
                put.add(row);
            }
        }
        BoundaryChange change = new BoundaryChange(forgetStored, removed, put);
        stored = new HashMap<>(known);
        forgetStored = false;
        return change;
    }

    /** Drops the written rows the growing cursor has left below the window, and the oldest beyond the cap. */
    private void dropBelow(Object lowerBound) {
        while (!written.isEmpty() && (written.size() > MAX_ROWS
                || compare(written.peekFirst().cursor(), lowerBound) < 0)) {
            written.removeFirst();
        }
    }

    private Object lowerBound(Object value) {
        try {
            return lookback.lowerBound(value);
        } catch (IllegalArgumentException e) {
            // The read fails on such a look-back with a message of its own; keep only exact ties meanwhile.
            return value;
        }
    }

    private static Object highest(Iterable<BoundaryRow> rows) {
        Object highest = null;
        for (BoundaryRow row : rows) {
            if (highest == null || compare(row.cursor(), highest) > 0) {
                highest = row.cursor();
            }
        }
        return highest;
    }

    /** Cursor order; values of another class (never expected) sort first, so they are dropped, never trusted. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a.getClass() != b.getClass() || !(a instanceof Comparable)) {
            return -1;
        }
        return ((Comparable) a).compareTo(b);
    }
}

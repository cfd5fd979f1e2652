package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Reads a stream's quarantined rows, a page at a time in id order, as the source gave them, in the
 * stream's schema of today: the rows a retry runs through the current transforms. A row refused again
 * keeps its entry (and id), so paging by id meets each entry once.
 *
 * <p>An entry whose row no longer fits the schema (a column gone, or of another type) cannot be given
 * exactly: it is skipped, stays in the quarantine, and is named in {@link #unreadable()}.
 */
final class QuarantineReader implements StreamReader {
    private final StateStore state;
    private final StreamKey stream;
    private final StreamSchema schema;
    private final Set<Long> onlyIds;
    private final int batchSize;
    private final List<Long> given = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
    private QuarantineFilter page;
    private volatile boolean cancelled;

    /** @param onlyIds the entries to retry; empty for every entry of the stream */
    QuarantineReader(StateStore state, StreamKey stream, StreamSchema schema, Set<Long> onlyIds, int batchSize) {
        this.state = state;
        this.stream = stream;
        this.schema = schema;
        this.onlyIds = Set.copyOf(onlyIds);
        this.batchSize = batchSize;
        this.page = QuarantineFilter.of(stream.pipeline(), stream.stream(), batchSize);
    }

    @Override
    public StreamSchema schema() {
        return schema;
    }

    @Override
    public RecordBatch next() {
        while (!cancelled) {
            List<QuarantineEntry> entries = state.quarantined(page);
            if (entries.isEmpty()) {
                return null;
            }
            page = page.after(entries.getLast().id());
            List<ChangeRecord> records = new ArrayList<>(entries.size());
            for (QuarantineEntry entry : entries) {
                if (!onlyIds.isEmpty() && !onlyIds.contains(entry.id())) {
                    continue;
                }
                try {
                    records.add(ChangeRecord.upsert(entry.row().valuesFor(schema)));
                    given.add(entry.id());
                } catch (FerryException e) {
                    unreadable.add("entry " + entry.id() + " (row " + entry.rowKey() + "): " + e.getMessage());
                }
            }
            if (!records.isEmpty()) {
                return new RecordBatch(records, null);
            }
        }
        return null;
    }

    /** Ids of the entries given so far. */
    List<Long> given() {
        return List.copyOf(given);
    }

    /** Entries skipped because their row no longer fits the schema, one line each. */
    List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void close() {
        cancelled = true;
    }
}

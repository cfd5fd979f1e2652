package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteRequest;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of a run that removes destination rows the source no longer has: it proves the read
 * complete (for incremental streams, by scanning every source key into the writer first), then has
 * the writer remove the rows it did not see, inside the run's last transaction. A read that
 * stopped early or found nothing removes nothing, and the run log says what was kept.
 */
final class MissingRows {
    private final StreamPlan plan;
    private final StreamKey key;
    private final StateStore state;
    private final RunControl control;
    private final RunLog log;
    private final HashFilter hashFilter;
    private final Source source;
    private boolean removed;

    MissingRows(StreamPlan plan, StreamKey key, StateStore state, RunControl control, RunLog log,
                HashFilter hashFilter, Source source) {
        this.plan = plan;
        this.key = key;
        this.state = state;
        this.control = control;
        this.log = log;
        this.hashFilter = hashFilter;
        this.source = source;
    }

    /** Whether rows were removed (or found to need no removal) after a proven read. */
    boolean removed() {
        return removed;
    }

    /**
     * Removes the unseen rows when the read is proven complete; returns how many, 0 when withheld.
     *
     * @param readToEnd whether the reader reached the source's end
     * @param rowsRead  the rows the stream read in this run
     */
    long removeIfProven(StreamWriter writer, boolean readToEnd, long rowsRead) {
        if (!readToEnd || control.isStopRequested()) {
            withhold("the run stopped before the source was read completely", writer);
            return 0;
        }
        long sourceRows = rowsRead;
        if (plan.keyScan() != null) {
            sourceRows = scanKeys(writer);
            if (sourceRows < 0) {
                withhold("the run stopped during the scan of the source's keys", writer);
                return 0;
            }
        }
        if (sourceRows == 0 && !plan.config().deletes().allowEmptySource()) {
            withhold("the source returned no rows (set allow_empty_source: true if it really is empty)", writer);
            return 0;
        }
        long count = writer.removeUnseen();
        if (hashFilter != null) {
            // Every key the source no longer has, whatever form the destination gives it back in;
            // before the destination commits: a crash in between costs a rewrite, never a row that stays missing.
            state.forgetUnseenRowHashes(key);
        }
        removed = true;
        log.info(plan.config().name(), (plan.write().deletes() == DeletePolicy.SOFT ? "marked " + count
                + " row(s) deleted in " + WriteRequest.SOFT_DELETE_COLUMN : "deleted " + count + " row(s)")
                + ": missing at the source");
        return count;
    }

    /** Logs why nothing is removed in this run, with the number of rows that were kept. */
    void withhold(String reason, StreamWriter writer) {
        long kept = writer.countUnseen();
        log.warn(plan.config().name(), "deletions withheld: " + reason + "; " + kept
                + " destination row(s) not seen in this run were kept");
    }

    /** Feeds every source key to the writer; the number of keys, or -1 when a stop cut the scan short. */
    private long scanKeys(StreamWriter writer) {
        long keys = 0;
        try (StreamReader scan = source.open(plan.keyScan())) {
            for (RecordBatch batch = scan.next(); batch != null; batch = scan.next()) {
                if (control.isStopRequested()) {
                    scan.cancel();
                    return -1;
                }
                List<Object[]> values = new ArrayList<>(batch.size());
                for (ChangeRecord record : batch.records()) {
                    values.add(record.values());
                }
                writer.keep(values);
                keys += batch.size();
            }
        }
        log.info(plan.config().name(), "scanned " + keys + " source key(s) for deletions");
        return keys;
    }
}

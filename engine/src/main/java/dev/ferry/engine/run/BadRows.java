package dev.ferry.engine.run;

import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.state.BadRow;
import dev.ferry.engine.state.QuarantineStage;
import dev.ferry.engine.state.RowSnapshot;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad rows of one try of a stream: each is kept as the source gave it, with where and why it
 * failed, and stored in the quarantine when the destination commits (so an entry never refers to a
 * run that did not get past it) or when the try fails. The try fails once the rows exceed the
 * stream's {@link BadRowLimits}; with no limits set, on the first.
 *
 * <p>Entries are keyed by the row's key, so storing the same row again (a retried try, a later run)
 * replaces its entry instead of adding one.
 */
final class BadRows {
    /** Bad rows named one by one in the run log; the rest are counted at the end. */
    private static final int LOGGED_ROWS = 20;

    private final BadRowLimits limits;
    private final StreamKey key;
    private final StateStore state;
    private final RunLog log;
    private final StreamSchema sourceSchema;
    private final List<BadRow> pending = new ArrayList<>();
    private long count;

    BadRows(BadRowLimits limits, StreamKey key, StateStore state, RunLog log, StreamSchema sourceSchema) {
        this.limits = limits;
        this.key = key;
        this.state = state;
        this.log = log;
        this.sourceSchema = sourceSchema;
    }

    /** Whether bad rows are set aside; when not, the first one fails the stream where it is found. */
    boolean quarantines() {
        return limits.quarantines();
    }

    /** Rows this try set aside so far. */
    long count() {
        return count;
    }

    /**
     * Sets a row aside.
     *
     * @param sourceValues the row as read, in the source schema's order
     * @param error        why, located
     * @param read         rows read so far, for {@code max_bad_ratio}
     * @throws FerryException when the limits are now exceeded: the stream fails
     */
    void add(Object[] sourceValues, QuarantineStage stage, String error, long read) {
        RowSnapshot row = RowSnapshot.of(sourceSchema, sourceValues);
        pending.add(new BadRow(rowKey(row), stage, error, row));
        count++;
        if (count <= LOGGED_ROWS) {
            log.warn(key.stream(), "row set aside in the quarantine (" + stage.name().toLowerCase() + "): " + error);
        }
        if (limits.exceeded(count, read)) {
            throw new FerryException(count + " bad row(s) after " + read + " read, more than " + limits.describe()
                    + " allows; the last: " + error);
        }
    }

    /** Stores the rows set aside since the last call. */
    void store() {
        if (!pending.isEmpty()) {
            state.quarantine(key, log.runId(), List.copyOf(pending));
            pending.clear();
        }
    }

    /** Stores what the failed try set aside, so it can be seen; a failure to do so does not hide the try's own. */
    void storeAfterFailure(RuntimeException failure) {
        try {
            store();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The row's key, or a digest of the row when the stream has none: the same row then gets the same entry. */
    private String rowKey(RowSnapshot row) {
        if (sourceSchema.hasKey()) {
            // Exact, unlike a message's key, which shortens long values: two keys must never share an entry.
            StringBuilder text = new StringBuilder();
            for (int index : sourceSchema.keyIndexes()) {
                RowSnapshot.Field field = row.fields().get(index);
                text.append(text.isEmpty() ? "" : ", ").append(field.name()).append('=').append(field.text());
            }
            return text.toString();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(row.toJson().getBytes(StandardCharsets.UTF_8));
            return "row sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

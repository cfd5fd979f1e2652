package dev.ferry.engine.run;

import java.time.Duration;

/**
 * Decides, after each written batch, whether the writer commits now. Commits make data durable and
 * let the checkpoint advance; fewer commits make bulk writes faster. Policies combine with
 * {@link #or(CommitPolicy)}.
 */
@FunctionalInterface
public interface CommitPolicy {

    /**
     * @param uncommittedRecords records written since the last commit
     * @param sinceLastCommit    time since the last commit (or the start)
     */
    boolean shouldCommit(long uncommittedRecords, Duration sinceLastCommit);

    /** Commit once at least {@code records} records are waiting. */
    static CommitPolicy everyRecords(long records) {
        if (records < 1) {
            throw new IllegalArgumentException("CommitPolicy.everyRecords needs at least 1, was " + records);
        }
        return (uncommitted, elapsed) -> uncommitted >= records;
    }

    /** Commit once {@code interval} has passed with something waiting, so slow streams still advance. */
    static CommitPolicy every(Duration interval) {
        return (uncommitted, elapsed) -> uncommitted > 0 && elapsed.compareTo(interval) >= 0;
    }

    /** Never commit part-way: the single commit happens when the stream ends (overwrites). */
    static CommitPolicy atEnd() {
        return (uncommitted, elapsed) -> false;
    }

    default CommitPolicy or(CommitPolicy other) {
        return (uncommitted, elapsed) -> shouldCommit(uncommitted, elapsed) || other.shouldCommit(uncommitted, elapsed);
    }
}

package dev.ferry.engine.state;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of pipelines: each stream's checkpoint and row hashes, the history of runs, run
 * logs, and the quarantine of rows set aside. One schema, managed by Flyway, on SQLite (embedded default) or PostgreSQL.
 *
 * <p>Thread-safe: the runner's writer threads commit progress while the main thread logs.
 */
public interface StateStore extends AutoCloseable {

    /** The stream's last durable checkpoint, if any. */
    Optional<Checkpoint> checkpoint(StreamKey stream);

    /**
     * Records, in one transaction, that the destination durably committed everything up to
     * {@code checkpoint}: stores the checkpoint (null keeps the stored one) and the new content
     * hashes of the rows written (row key to hash; may be empty).
     */
    default void commitProgress(StreamKey stream, Checkpoint checkpoint, Map<String, byte[]> rowHashes) {
        commitProgress(stream, checkpoint, rowHashes, BoundaryChange.NONE);
    }

    /**
     * {@link #commitProgress(StreamKey, Checkpoint, Map)}, changing the stream's stored cursor
     * boundary in the same transaction, so the boundary always belongs to the stored checkpoint.
     */
    void commitProgress(StreamKey stream, Checkpoint checkpoint, Map<String, byte[]> rowHashes, BoundaryChange boundary);

    /**
     * The rows an incremental stream committed at the top of its cursor, as the last
     * {@link #commitProgress} left them; {@code cursorType} is the type of their cursor values.
     */
    List<BoundaryRow> cursorBoundary(StreamKey stream, ColumnType cursorType);

    /** Stored content hashes of the given row keys; keys with none stored are absent from the result. */
    Map<String, byte[]> rowHashes(StreamKey stream, Collection<String> rowKeys);

    /**
     * Starts noting which row keys a hash-mode run sees at its source (in this store's session, not
     * durably), forgetting what an earlier attempt noted.
     */
    void startSeenRows(StreamKey stream);

    /** Notes row keys the source still has, in this run. */
    void noteSeenRows(StreamKey stream, Collection<String> rowKeys);

    /**
     * Forgets the stored hashes of every row the run did not see, the rows the destination is about
     * to lose, so that a row coming back with the same content is written again; returns how many.
     * Called after a complete read and before the destination commits the removal: a crash in
     * between then only costs a rewrite, never a row that stays missing.
     */
    long forgetUnseenRowHashes(StreamKey stream);

    /** Completed runs of an incremental stream since its source keys were last scanned for deletions. */
    int runsSinceReconciliation(StreamKey stream);

    /** Counts a completed incremental run: back to zero when it scanned the source's keys, else one more. */
    void recordIncrementalRun(StreamKey stream, boolean reconciled);

    /** Forgets the stream's checkpoint, row hashes and cursor boundary, so its next run starts from the beginning. */
    void resetStream(StreamKey stream);

    /**
     * Takes the run lock of {@code pipeline}, or returns empty at once when another run holds it, in
     * this process or another one that shares this store. Hold it from before {@link #startRun} until
     * after {@link #finishRun}. It lives outside the store's data (an operating-system file lock for
     * SQLite, a session's advisory lock for PostgreSQL), so it dies with its process, however that
     * process ends. Taking it marks the pipeline's runs still RUNNING as {@link RunStatus#INTERRUPTED}:
     * their process is gone, or it would hold the lock. Opening a store does the same for every
     * pipeline whose lock is free.
     */
    Optional<PipelineLock> tryLockPipeline(String pipeline);

    /** Opens a run in state RUNNING, recording this process as its owner, and returns its id. */
    long startRun(String pipeline, String trigger);

    /** Replaces the counts of one stream of a running run. */
    void recordStreamStats(long runId, StreamStats stats);

    /** Notes that a stream of a running run starts now, with no counts yet. */
    void startStream(long runId, String stream);

    /**
     * Notes that a stream of a running run ended now, with its final counts and, when it failed,
     * its error (null when it did not).
     */
    void finishStream(long runId, StreamStats stats, String error);

    /** Closes a run. */
    void finishRun(long runId, RunStatus status, String error);

    /** Appends a line to a run's log. */
    void log(long runId, String level, String stream, String message);

    /** The remote object a pipeline's record became at a destination that names its objects; null when none (see {@link dev.ferry.api.KeyMap}). */
    String remoteId(String pipeline, String target, String sourceKey);

    /** Remembers the remote object a record became; durable when it returns. */
    void putRemoteId(String pipeline, String target, String sourceKey, String remoteId);

    /** Forgets a record's remote object. */
    void removeRemoteId(String pipeline, String target, String sourceKey);

    /** The source keys whose remote objects the key map knows for a pipeline's target. */
    List<String> remoteIdKeys(String pipeline, String target);

    /** A connection's stored credential, sealed as it was saved; empty when none (see {@link dev.ferry.api.CredentialStore}). */
    java.util.Optional<String> sealedCredential(String pipeline, String connection, String name);

    /** Saves a connection's credential, sealed under key {@code keyId}; durable when it returns. */
    void saveSealedCredential(String pipeline, String connection, String name, String sealed, long keyId);

    /** Most recent runs first; {@code pipeline} null for every pipeline. */
    List<RunRecord> recentRuns(String pipeline, int limit);

    /**
     * The runs of every pipeline started from {@code from} (inclusive) to {@code to} (exclusive),
     * added up per span of {@code bucket} counted from {@code from}, in time order; spans without
     * runs are left out. Rows count for ended runs only (a running run adds its rows when it ends).
     * One aggregate query over an index on the runs' start time, whatever their number.
     */
    List<RunTotals> runTotals(java.time.Instant from, java.time.Instant to, java.time.Duration bucket);

    /**
     * The latest run (the highest id) of each of these pipelines, by name, in one look-up of the
     * history's index by pipeline, however long the history is; pipelines that never ran are absent.
     */
    Map<String, RunRecord> latestRuns(Collection<String> pipelines);

    /** One run, with its stream counts; empty when no run has this id. */
    Optional<RunRecord> run(long runId);

    /**
     * The runs {@code filter} selects, newest first, one page of them with the number selected over
     * all pages.
     */
    RunPage findRuns(RunFilter filter);

    /** A run's log lines in order. */
    List<LogLine> runLog(long runId);

    /**
     * A run's log lines whose id is above {@code afterLineId} (0 for the first), in order, at most
     * {@code limit}: a reader that follows a run asks again after the last id it has seen.
     */
    List<LogLine> runLog(long runId, long afterLineId, int limit);

    /**
     * Stores rows a run of the stream set aside, in one transaction; an entry with the same row key
     * is replaced, so a row refused run after run keeps one entry, with the latest error.
     */
    void quarantine(StreamKey stream, long runId, List<BadRow> rows);

    /**
     * Removes the stream's entries that runs before {@code runId} set aside: called when that run read
     * the whole source and wrote it, so every row still bad was set aside again by it. Returns how many.
     */
    long resolveQuarantinedBefore(StreamKey stream, long runId);

    /** The entries {@code filter} selects, in id order. */
    List<QuarantineEntry> quarantined(QuarantineFilter filter);

    /**
     * The entries run {@code runId} set aside and that are still in the quarantine (a later run that set
     * the same row aside again owns its entry since), in id order, at most {@code limit}.
     */
    List<QuarantineEntry> quarantinedByRun(long runId, int limit);

    /** How many entries run {@code runId} set aside are still in the quarantine. */
    long quarantinedByRunCount(long runId);

    /** One entry; empty when none has this id. */
    Optional<QuarantineEntry> quarantineEntry(long id);

    /** How many entries each stream of the pipeline has, streams without any left out. */
    Map<String, Long> quarantineCounts(String pipeline);

    /** Removes every entry of the pipeline, or of one of its streams when {@code stream} is not null; returns how many. */
    long discardQuarantined(String pipeline, String stream);

    /** Removes the pipeline's entries with these ids; returns how many there were. */
    long discardQuarantined(String pipeline, Collection<Long> ids);

    /**
     * After a retry run: removes the entries with these ids that the run did not set aside again
     * (those it did were replaced and carry its id); returns how many it removed.
     */
    long resolveQuarantined(String pipeline, Collection<Long> ids, long retryRunId);

    @Override
    void close();
}

package dev.ferry.engine.run;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.api.CredentialStore;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.engine.secrets.StoredCredentials;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.engine.transform.TransformContext;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Runs a pipeline once: moves each selected stream, and keeps the run's history and log in the state
 * store. One failing stream does not stop the others, except those that depend on it, which are
 * skipped; the run then ends as failed, and its error names every stream that failed or was skipped
 * for a failure, one line each.
 *
 * <p>Streams start in file order, each once the streams it depends on ({@code depends_on}) committed
 * (see {@link StreamSchedule}). With a parallelism of 1 they run one after another on the calling
 * thread, sharing one source and one destination connection; with more, up to that many run at once,
 * each on a thread and connections of its own.
 *
 * <p>A stream retried after a retriable failure counts each committed row once: the counts of its
 * tries' commits add up, and {@code read} holds what the last try read plus what earlier tries read
 * up to their last commit, so rows read again from the checkpoint are not counted twice.
 */
public final class PipelineRunner {
    private final ConnectorRegistry connectors;
    private final StateStore state;
    private final RetryPolicy retryPolicy;
    private final Supplier<SecretKeys> secretKeys;

    /** A runner whose connectors cannot keep renewed credentials across runs (tests, tools). */
    public PipelineRunner(ConnectorRegistry connectors, StateStore state, RetryPolicy retryPolicy) {
        this(connectors, state, retryPolicy, null);
    }

    /**
     * @param secretKeys the keyset that seals credentials connectors renew (rotated refresh tokens),
     *                   opened on first use; null when there is none, and then renewed credentials
     *                   last only as long as the process
     */
    public PipelineRunner(ConnectorRegistry connectors, StateStore state, RetryPolicy retryPolicy,
                          Supplier<SecretKeys> secretKeys) {
        this.connectors = connectors;
        this.state = state;
        this.retryPolicy = retryPolicy;
        this.secretKeys = secretKeys == null ? null : StoredCredentials.lazily(secretKeys);
    }

    /** Where a connection of this pipeline keeps the credentials its connector renews. */
    private CredentialStore credentials(PipelineConfig pipeline, ConnectionConfig connection) {
        return secretKeys == null ? CredentialStore.NONE
                : new StoredCredentials(state, secretKeys, pipeline.name(), connection.name());
    }

    private Source openSource(PipelineConfig pipeline) {
        return connectors.openSource(pipeline.sourceConnection(), credentials(pipeline, pipeline.sourceConnection()));
    }

    private Destination openDestination(PipelineConfig pipeline) {
        return connectors.openDestination(pipeline.destinationConnection(),
                credentials(pipeline, pipeline.destinationConnection()));
    }

    /**
     * Runs the pipeline.
     *
     * @param pipeline    the validated pipeline
     * @param options     which streams, and whether to start them from scratch
     * @param control     lets another thread stop the run gracefully
     * @param listener    sees progress; never null (use {@link RunListener#NONE})
     * @throws PipelineBusyException when another run of the pipeline holds its lock; nothing was run
     *                               or recorded then
     */
    public RunResult run(PipelineConfig pipeline, RunOptions options, RunControl control, RunListener listener) {
        List<StreamConfig> streams = pipeline.selectStreams(options.onlyStream());
        if (streams.isEmpty()) {
            throw new FerryException("Pipeline " + pipeline.name() + " has no stream named " + options.onlyStream());
        }
        PipelineLock lock = state.tryLockPipeline(pipeline.name()).orElseThrow(() -> busy(pipeline.name()));
        try {
            return runLocked(pipeline, streams, options, control, listener);
        } finally {
            lock.close();
        }
    }

    private PipelineBusyException busy(String pipeline) {
        return new PipelineBusyException(pipeline, state.recentRuns(pipeline, 10).stream()
                .filter(run -> run.status() == RunStatus.RUNNING).findFirst());
    }

    private RunResult runLocked(PipelineConfig pipeline, List<StreamConfig> streams, RunOptions options,
                                RunControl control, RunListener listener) {
        long started = System.nanoTime();
        long runId = state.startRun(pipeline.name(), options.trigger());
        listener.runStarted(runId, pipeline.name());
        RunLog log = new RunLog(state, runId, listener);
        RunTally tally = new RunTally(state, runId, log);
        TransformContext transforms = TransformContext.forRun(ConnectedLookupTables.forRun(connectors, pipeline));
        log.info(null, "run " + runId + " of pipeline " + pipeline.name() + " started: " + streams.size() + " stream(s)"
                + (pipeline.parallelism() > 1 ? ", up to " + pipeline.parallelism() + " at once" : ""));
        StreamSchedule schedule = new StreamSchedule(streams);
        noteDependenciesOutsideTheRun(streams, schedule, log);
        boolean opened = false;
        try {
            if (pipeline.parallelism() == 1) {
                try (Source source = openSource(pipeline);
                     Destination destination = openDestination(pipeline)) {
                    opened = true;
                    runInTurn(schedule, stream -> runWithRetries(pipeline, stream, options, source, destination,
                            control, log, listener, transforms), control, tally);
                }
            } else {
                opened = true;
                new ParallelStreams(pipeline.parallelism(), stream -> runOnOwnConnections(pipeline, stream, options,
                        control, log, listener, transforms)).run(schedule, control, tally);
            }
        } catch (RuntimeException e) {
            tally.runFailed(describe(e));
        } catch (Error e) {
            recordCrash(runId, e);
            throw e;
        }
        if (opened) {
            tally.skipped(schedule.stop());
            if (!control.isStopRequested() && schedule.hasWaiting()) {
                tally.runFailed("streams " + String.join(", ", schedule.unstartable())
                        + " depend on each other in a cycle and were not run");
            }
        }
        List<String> errors = tally.errors();
        String error = errors.isEmpty() ? null : String.join("\n", errors);
        RunStatus status = error != null ? RunStatus.FAILED
                : control.isStopRequested() ? RunStatus.CANCELLED : RunStatus.SUCCEEDED;
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        log.info(null, "run " + runId + " " + status.name().toLowerCase() + " in " + duration.toMillis() + " ms"
                + (errors.size() > 1 ? ": " + errors.size() + " streams failed" : ""));
        state.finishRun(runId, status, error);
        return new RunResult(runId, status, error, tally.results(), duration);
    }

    /** One stream after another on the calling thread, each started when the schedule allows. */
    private static void runInTurn(StreamSchedule schedule, Function<StreamConfig, StreamOutcome> runStream,
                                  RunControl control, RunTally tally) {
        while (!control.isStopRequested()) {
            Optional<StreamConfig> next = schedule.startNext();
            if (next.isEmpty()) {
                return;
            }
            tally.started(next.get());
            StreamOutcome outcome = runStream.apply(next.get());
            tally.skipped(schedule.ended(next.get().name(), tally.ended(outcome)));
        }
    }

    /** A run of selected streams neither runs nor waits for the streams they depend on; say so, since order may matter. */
    private static void noteDependenciesOutsideTheRun(List<StreamConfig> streams, StreamSchedule schedule, RunLog log) {
        for (StreamConfig stream : streams) {
            List<String> outside = schedule.outsideDependencies(stream);
            if (!outside.isEmpty()) {
                log.info(stream.name(), "depends on " + String.join(", ", outside) + ", not part of this run: "
                        + "not run and not waited for");
            }
        }
    }

    /**
     * Runs a stream on a source and a destination connection of its own, closed when it ends: a
     * connection serves one thread at a time. A connection that cannot be opened fails this stream only.
     */
    private StreamOutcome runOnOwnConnections(PipelineConfig pipeline, StreamConfig stream, RunOptions options,
                                              RunControl control, RunLog log, RunListener listener,
                                              TransformContext transforms) {
        try (Source source = openSource(pipeline);
             Destination destination = openDestination(pipeline)) {
            return runWithRetries(pipeline, stream, options, source, destination, control, log, listener, transforms);
        } catch (RuntimeException e) {
            String error = describe(e);
            log.error(stream.name(), "failed: " + error);
            return new StreamOutcome(StreamStats.empty(stream.name()), false, error);
        }
    }

    private StreamOutcome runWithRetries(PipelineConfig pipeline, StreamConfig stream, RunOptions options,
                                         Source source, Destination destination, RunControl control,
                                         RunLog log, RunListener listener, TransformContext transforms) {
        StreamKey key = new StreamKey(pipeline.name(), stream.name());
        if (options.fullRefresh()) {
            state.resetStream(key);
            log.info(stream.name(), "state reset: reading from the beginning");
        }
        listener.streamStarted(stream.name());
        estimateRows(source, stream, key).ifPresent(rows -> {
            listener.streamSized(stream.name(), rows);
            log.info(stream.name(), "about " + rows + " rows to read, by the source's estimate");
        });
        StreamStats total = StreamStats.empty(stream.name());
        for (int attempt = 1; ; attempt++) {
            StreamRunner runner = null;
            try {
                Checkpoint resumeFrom = state.checkpoint(key).orElse(null);
                requireFlatteningWhereAsked(pipeline, stream, source);
                StreamSchema schema = source.describe(stream.toRef(), stream.columns());
                requireChangesWhereNeeded(pipeline, stream, source);
                StreamPlan plan = StreamPlan.of(stream, schema, resumeFrom, pipeline.batchSize(),
                        pipeline.schemaChanges(), reconcileDue(stream, key, options), transforms);
                log.info(stream.name(), startMessage(plan, resumeFrom));
                runner = new StreamRunner(plan, key, state,
                        CommitPolicy.everyRecords(pipeline.commitEvery()).or(CommitPolicy.every(Duration.ofSeconds(5))),
                        control, listener, log);
                boolean completed = runner.run(source, destination);
                if (completed && stream.sync() == SyncMode.INCREMENTAL && stream.deletes().enabled()) {
                    state.recordIncrementalRun(key, runner.reconciled());
                }
                total = total.plus(runner.stats());
                if (completed && readsWholeSource(stream, resumeFrom)) {
                    resolveEarlierBadRows(key, log);
                }
                log.info(stream.name(), (completed ? "done: " : "stopped: ") + total.describe());
                if (total.failed() > 0) {
                    log.warn(stream.name(), total.failed() + " row(s) set aside in the quarantine; see them with"
                            + " `ferry quarantine list " + (pipeline.file() != null ? pipeline.file() : pipeline.name())
                            + " --stream " + stream.name() + "`");
                }
                listener.streamFinished(total, true);
                return new StreamOutcome(total, completed, null);
            } catch (RuntimeException e) {
                boolean retriable = e instanceof FerryException fe && fe.isRetriable();
                boolean retrying = retriable && attempt < retryPolicy.attempts() && !control.isStopRequested();
                if (runner != null) {
                    total = total.plus(retrying ? runner.committedStats() : runner.stats());
                }
                if (retrying) {
                    Duration delay = retryPolicy.delayAfter(attempt);
                    log.warn(stream.name(), "attempt " + attempt + " failed, retrying in " + delay.toMillis()
                            + " ms: " + describe(e));
                    sleep(delay);
                    continue;
                }
                String error = describe(e);
                log.error(stream.name(), "failed: " + error + " (" + total.describe() + ")");
                listener.streamFinished(total, false);
                return new StreamOutcome(total, false, error);
            }
        }
    }

    /** Whether this run of the stream reads every source row: not an incremental read, nor changes after a snapshot. */
    private static boolean readsWholeSource(StreamConfig stream, Checkpoint resumeFrom) {
        return switch (stream.sync()) {
            case FULL_REFRESH, HASH -> true;
            case INCREMENTAL -> false;
            case CHANGES -> resumeFrom == null;
        };
    }

    private static void requireChangesWhereNeeded(PipelineConfig pipeline, StreamConfig stream, Source source) {
        if (stream.sync() == SyncMode.CHANGES && !source.readsChanges()) {
            throw new FerryException("Stream " + stream.name() + ": sync: changes reads a source's own change log, and "
                    + "connection " + pipeline.source() + " has none; use sync: incremental with a cursor, or hash");
        }
    }

    /** A source that cannot flatten would copy the objects whole: the stream stops instead. */
    private static void requireFlatteningWhereAsked(PipelineConfig pipeline, StreamConfig stream, Source source) {
        if (stream.flattenObjects() && !source.flattensObjects()) {
            throw new FerryException(flatteningRefused(pipeline, stream));
        }
    }

    /** Why {@code flatten: true} cannot be kept on {@code stream}; the preflight check says the same. */
    static String flatteningRefused(PipelineConfig pipeline, StreamConfig stream) {
        return "Stream " + stream.name() + ": flatten: true turns nested objects into one column per property, which "
                + "connection " + pipeline.source() + " cannot do; remove flatten: true to copy them as they are";
    }

    /**
     * A stream that read its whole source resolves the quarantine entries of earlier runs: each row
     * still bad was set aside again by this run (its entry replaced), so those left passed, or are
     * gone from the source.
     */
    private void resolveEarlierBadRows(StreamKey key, RunLog log) {
        long resolved = state.resolveQuarantinedBefore(key, log.runId());
        if (resolved > 0) {
            log.info(key.stream(), resolved + " row(s) set aside by earlier runs left the quarantine:"
                    + " read again, they were not refused");
        }
    }

    /**
     * Ends the run as failed with the JVM error that stops it (typically OutOfMemoryError, after
     * which the failed allocation's memory is usually free again), so the history says why. Should
     * that fail too, the process ends anyway, and the next open of the store marks the run interrupted.
     */
    private void recordCrash(long runId, Error crash) {
        try {
            String error = "crashed: " + (crash.getMessage() == null ? "" : crash.getClass().getSimpleName() + ": ")
                    + describe(crash);
            state.log(runId, "ERROR", null, error);
            state.finishRun(runId, RunStatus.FAILED, error);
        } catch (RuntimeException | Error alsoFailed) {
            crash.addSuppressed(alsoFailed);
        }
    }

    /**
     * The source's estimate of the rows this run reads, where one stands for the run: a table read
     * whole, so not an incremental read that resumes from a checkpoint, nor a query. An estimate that
     * cannot be had is no reason to fail a run.
     */
    private OptionalLong estimateRows(Source source, StreamConfig stream, StreamKey key) {
        boolean resumes = stream.sync() == SyncMode.INCREMENTAL || stream.sync() == SyncMode.CHANGES;
        if (stream.table() == null || resumes && state.checkpoint(key).isPresent()) {
            return OptionalLong.empty();
        }
        try {
            return source.estimateRows(stream.toRef());
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether an incremental stream with deletes scans its source keys in this run. */
    private boolean reconcileDue(StreamConfig stream, StreamKey key, RunOptions options) {
        if (stream.sync() != SyncMode.INCREMENTAL || !stream.deletes().enabled()) {
            return false;
        }
        int every = stream.deletes().reconcileEvery();
        return options.reconcileDeletes() || every > 0 && state.runsSinceReconciliation(key) + 1 >= every;
    }

    private static String startMessage(StreamPlan plan, Checkpoint resumeFrom) {
        StreamConfig config = plan.config();
        String source = config.table() != null ? config.table() : "query";
        String mode = switch (config.sync()) {
            case FULL_REFRESH -> "full refresh (" + config.write().name().toLowerCase() + ")";
            case INCREMENTAL -> "incremental by " + config.cursor()
                    + (resumeFrom instanceof Checkpoint.CursorValue cv ? " from " + cv.value() : " from the beginning");
            case HASH -> "hash comparison";
            case CHANGES -> resumeFrom == null ? "changes: a snapshot first" : "changes since the last commit";
        };
        String deletes = plan.removesMissing() ? ", removing rows missing at the source ("
                + plan.write().deletes().name().toLowerCase() + ")" : "";
        return source + " -> " + plan.write().table() + ", " + mode + deletes;
    }

    /** The message of an error and of its causes, for the run log: the chain often holds the real reason. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < 2000; t = t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (text.indexOf(message) < 0) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(message);
            }
        }
        return text.toString();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("Interrupted while waiting to retry", e);
        }
    }

    /**
     * How one stream's part of a run ended.
     *
     * @param completed whether it read to the end and committed; false when stopped or failed
     * @param error     why it failed; null when it did not
     */
    record StreamOutcome(StreamStats stats, boolean completed, String error) {
    }
}

package dev.ferry.engine.run;

import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.engine.transform.TransformContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs quarantined rows again, through the stream's transforms of today, into its destination: after
 * a mapping file or an expression was fixed, or the destination was changed to hold what it refused.
 * The retry is a run of its own in the history (triggered by {@value #TRIGGER}), with counts and a
 * log like any other; it holds the pipeline's run lock, and it writes rows by key and removes nothing,
 * whatever the stream's sync mode.
 *
 * <p>A row written leaves the quarantine; a row refused again stays, with the new error; a row the
 * transforms now leave out (a filter) leaves it too. Checkpoints, hashes and cursor boundaries are not
 * touched: the stream's next run goes on from where it was.
 */
public final class QuarantineRetry {
    public static final String TRIGGER = "quarantine retry";
    private final ConnectorRegistry connectors;
    private final StateStore state;

    public QuarantineRetry(ConnectorRegistry connectors, StateStore state) {
        this.connectors = connectors;
        this.state = state;
    }

    /**
     * Retries the pipeline's quarantined rows: of every stream, or of {@code onlyStream}; all of them,
     * or those with {@code onlyIds}.
     *
     * @throws PipelineBusyException when a run of the pipeline holds its lock; nothing was retried then
     */
    public RunResult retry(PipelineConfig pipeline, String onlyStream, Set<Long> onlyIds, RunControl control,
                           RunListener listener) {
        List<StreamConfig> streams = streamsToRetry(pipeline, onlyStream, onlyIds);
        PipelineLock lock = state.tryLockPipeline(pipeline.name())
                .orElseThrow(() -> new PipelineBusyException(pipeline.name(), java.util.Optional.empty()));
        try {
            return retryLocked(pipeline, streams, onlyIds, control, listener);
        } finally {
            lock.close();
        }
    }

    private List<StreamConfig> streamsToRetry(PipelineConfig pipeline, String onlyStream, Set<Long> onlyIds) {
        Map<String, Long> counts = state.quarantineCounts(pipeline.name());
        List<StreamConfig> selected = pipeline.selectStreams(onlyStream);
        if (selected.isEmpty()) {
            throw new FerryException("Pipeline " + pipeline.name() + " has no stream named " + onlyStream);
        }
        Set<String> streamsOfIds = new java.util.HashSet<>();
        for (long id : onlyIds) {
            QuarantineEntry entry = state.quarantineEntry(id).filter(e -> e.pipeline().equals(pipeline.name()))
                    .orElseThrow(() -> new FerryException("Pipeline " + pipeline.name()
                            + " has no quarantined row with id " + id));
            streamsOfIds.add(entry.stream());
        }
        return selected.stream()
                .filter(stream -> counts.containsKey(stream.name()))
                .filter(stream -> onlyIds.isEmpty() || streamsOfIds.contains(stream.name()))
                .toList();
    }

    private RunResult retryLocked(PipelineConfig pipeline, List<StreamConfig> streams, Set<Long> onlyIds,
                                  RunControl control, RunListener listener) {
        long started = System.nanoTime();
        long runId = state.startRun(pipeline.name(), TRIGGER);
        listener.runStarted(runId, pipeline.name());
        RunLog log = new RunLog(state, runId, listener);
        log.info(null, "run " + runId + " retries the quarantined rows of " + streams.size() + " stream(s)");
        List<StreamStats> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        TransformContext transforms = TransformContext.forRun(ConnectedLookupTables.forRun(connectors, pipeline));
        if (!streams.isEmpty()) {
            try (Source source = connectors.openSource(pipeline.sourceConnection());
                 Destination destination = connectors.openDestination(pipeline.destinationConnection())) {
                for (StreamConfig stream : streams) {
                    if (control.isStopRequested()) {
                        break;
                    }
                    state.startStream(runId, stream.name());
                    listener.streamStarted(stream.name());
                    StreamOutcome outcome = retryStream(pipeline, stream, onlyIds, source, destination, transforms,
                            control, log, listener);
                    results.add(outcome.stats());
                    state.finishStream(runId, outcome.stats(), outcome.error());
                    listener.streamFinished(outcome.stats(), outcome.error() == null);
                    if (outcome.error() != null) {
                        errors.add(stream.name() + ": " + outcome.error());
                    }
                }
            } catch (RuntimeException e) {
                String error = PipelineRunner.describe(e);
                errors.add(error);
                log.error(null, error);
            }
        }
        String error = errors.isEmpty() ? null : String.join("\n", errors);
        RunStatus status = error != null ? RunStatus.FAILED
                : control.isStopRequested() ? RunStatus.CANCELLED : RunStatus.SUCCEEDED;
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        log.info(null, "run " + runId + " " + status.name().toLowerCase() + " in " + duration.toMillis() + " ms");
        state.finishRun(runId, status, error);
        return new RunResult(runId, status, error, results, duration);
    }

    private StreamOutcome retryStream(PipelineConfig pipeline, StreamConfig stream, Set<Long> onlyIds, Source source,
                                      Destination destination, TransformContext transforms, RunControl control,
                                      RunLog log, RunListener listener) {
        StreamKey key = new StreamKey(pipeline.name(), stream.name());
        StreamStats empty = StreamStats.empty(stream.name());
        try {
            StreamSchema schema = source.describe(stream.toRef(), stream.columns());
            if (!schema.hasKey()) {
                throw new FerryException("the stream has no key, so a retry cannot write its rows without"
                        + " writing others twice; run the stream again once the cause is fixed");
            }
            StreamPlan plan = StreamPlan.of(stream.forQuarantineRetry(), schema, null, pipeline.batchSize(),
                    pipeline.schemaChanges(), false, transforms);
            StreamRunner runner = new StreamRunner(plan, key, state, CommitPolicy.everyRecords(pipeline.commitEvery()),
                    control, listener, log);
            try (QuarantineReader reader = new QuarantineReader(state, key, schema, onlyIds,
                    pipeline.batchSize())) {
                boolean completed = runner.runFrom(reader, destination);
                for (String line : reader.unreadable()) {
                    log.warn(stream.name(), "kept in the quarantine, cannot be retried: " + line);
                }
                StreamStats stats = runner.stats();
                if (!completed) {
                    // Rows read ahead may not have been written: every entry stays for the next retry.
                    log.warn(stream.name(), "stopped: " + stats.describe() + "; the quarantine keeps every entry");
                    return new StreamOutcome(stats, null);
                }
                long resolved = state.resolveQuarantined(pipeline.name(), reader.given(), log.runId());
                log.info(stream.name(), "retried " + reader.given().size() + " row(s): " + stats.describe() + "; "
                        + resolved + " left the quarantine, " + stats.failed() + " refused again");
                return new StreamOutcome(stats, null);
            }
        } catch (RuntimeException e) {
            String error = PipelineRunner.describe(e);
            log.error(stream.name(), "retry failed: " + error);
            return new StreamOutcome(empty, error);
        }
    }

    private record StreamOutcome(StreamStats stats, String error) {
    }
}

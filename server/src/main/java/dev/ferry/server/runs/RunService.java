package dev.ferry.server.runs;

import dev.ferry.api.FerryException;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.PipelineRunner;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.engine.run.QuarantineRetry;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunListener;
import dev.ferry.engine.run.RunOptions;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Starts runs in the background and keeps track of the ones this node executes. Every run uses the
 * server's state store, whatever its pipeline file says, so that the CLI and every node share one
 * history; the store's pipeline lock keeps two runs of a pipeline from overlapping, also across
 * processes and nodes.
 *
 * <p>Thread-safe.
 */
public final class RunService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    /** How long a start may take to be recorded before the request gives up waiting for its id. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final StateConfig state;
    private final ConnectorRegistry connectors;
    private final RetryPolicy retryPolicy;
    private final RunEvents events;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;

    private final Supplier<SecretKeys> secretKeys;

    public RunService(StateConfig state, ConnectorRegistry connectors, RetryPolicy retryPolicy, RunEvents events, Clock clock) {
        this(state, connectors, retryPolicy, events, clock, null);
    }

    /** @param secretKeys the keyset that seals credentials connectors renew; null for none (they last a process) */
    public RunService(StateConfig state, ConnectorRegistry connectors, RetryPolicy retryPolicy, RunEvents events, Clock clock,
                      Supplier<SecretKeys> secretKeys) {
        this.secretKeys = secretKeys;
        this.state = state;
        this.connectors = connectors;
        this.retryPolicy = retryPolicy;
        this.events = events;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(Thread.ofPlatform().name("ferry-run-", 1).daemon(false).factory());
    }

    /** How a stream that failed with a retriable error is tried again, in every run this service starts. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Starts a run and returns once it is recorded, with its id; the run goes on in the background.
     *
     * @throws PipelineBusyException    when a run of the pipeline is in progress, here or elsewhere
     * @throws IllegalArgumentException when a requested stream is not in the pipeline
     * @throws IllegalStateException    when the server is shutting down
     */
    public ActiveRun start(PipelineConfig pipeline, RunRequest request) {
        if (!accepting) {
            throw new IllegalStateException("The server is shutting down and starts no more runs");
        }
        PipelineConfig selected = select(pipeline, request.streams()).withState(state);
        RunOptions options = new RunOptions(null, request.fullRefresh(), request.trigger());
        return launch(selected.name(), request.trigger(), (store, control, listener) ->
                new PipelineRunner(connectors, store, retryPolicy, secretKeys).run(selected, options, control, listener));
    }

    /**
     * Starts a retry of the pipeline's quarantined rows ({@link QuarantineRetry}): of every stream or of
     * {@code stream}, all of them or those with {@code ids}. Like {@link #start}, it returns once the run
     * is recorded, is in the history and the live events, and is refused while a run of the pipeline
     * is in progress.
     *
     * @throws PipelineBusyException when a run of the pipeline is in progress, here or elsewhere
     * @throws IllegalStateException when the server is shutting down
     */
    public ActiveRun startRetry(PipelineConfig pipeline, String stream, Set<Long> ids) {
        if (!accepting) {
            throw new IllegalStateException("The server is shutting down and starts no more runs");
        }
        PipelineConfig withServerState = pipeline.withState(state);
        Set<Long> chosen = Set.copyOf(ids);
        return launch(pipeline.name(), QuarantineRetry.TRIGGER, (store, control, listener) ->
                new QuarantineRetry(connectors, store).retry(withServerState, stream, chosen, control, listener));
    }

    /** What a run does, on the executor, with a state store of its own, its control and its listener. */
    @FunctionalInterface
    private interface RunWork {
        RunResult run(StateStore store, RunControl control, RunListener listener);
    }

    private ActiveRun launch(String pipelineName, String trigger, RunWork work) {
        CompletableFuture<ActiveRun> started = new CompletableFuture<>();
        RunControl control = new RunControl();
        executor.execute(() -> execute(pipelineName, trigger, work, control, started));
        try {
            return started.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new FerryException("Run of " + pipelineName + " could not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            control.requestStop();
            throw new FerryException("Run of " + pipelineName + " was not recorded within " + START_TIMEOUT.toSeconds()
                    + " s: the state store " + state.shownUrl() + " is slow or locked");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.requestStop();
            throw new FerryException("Interrupted while starting a run of " + pipelineName, e);
        }
    }

    /** Asks a run of this node to stop at its next batch boundary; empty when this node does not run it. */
    public Optional<ActiveRun> cancel(long runId) {
        ActiveRun run = active.get(runId);
        if (run != null) {
            run.requestStop();
        }
        return Optional.ofNullable(run);
    }

    public Optional<ActiveRun> active(long runId) {
        return Optional.ofNullable(active.get(runId));
    }

    public Collection<ActiveRun> active() {
        return List.copyOf(active.values());
    }

    /**
     * Stops accepting runs, asks every running one to stop at a batch boundary and commit, and waits
     * for them up to {@code timeout}. Returns whether all ended in time.
     */
    public boolean stopAll(Duration timeout) {
        accepting = false;
        active.values().forEach(ActiveRun::requestStop);
        executor.shutdown();
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!stopAll(Duration.ofSeconds(30))) {
            LOG.warn("Runs still going after 30 s: {}", active.keySet());
            executor.shutdownNow();
        }
    }

    private static PipelineConfig select(PipelineConfig pipeline, List<String> streams) {
        if (streams.isEmpty()) {
            return pipeline;
        }
        Set<String> known = pipeline.streams().stream().map(StreamConfig::name).collect(Collectors.toSet());
        List<String> unknown = streams.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Pipeline " + pipeline.name() + " has no stream " + String.join(", ", unknown)
                    + "; its streams are " + pipeline.streams().stream().map(StreamConfig::name).collect(Collectors.joining(", ")));
        }
        return pipeline.withStreams(pipeline.streams().stream().filter(stream -> streams.contains(stream.name())).toList());
    }

    private void execute(String pipeline, String trigger, RunWork work, RunControl control,
                         CompletableFuture<ActiveRun> started) {
        Listener listener = new Listener(pipeline, trigger, control, started);
        try (StateStore store = StateStores.open(state)) {
            RunResult result = work.run(store, control, listener);
            active.remove(result.runId());
            events.publish(new RunEvent.Finished(result.runId(), pipeline, trigger, result.status(),
                    result.error(), result.streams(), listener.failedStreams, result.duration(), clock.instant()));
        } catch (RuntimeException | Error e) {
            if (!started.completeExceptionally(e)) {
                LOG.error("Run of pipeline {} ended abnormally", pipeline, e);
            }
            if (listener.run != null) {
                active.remove(listener.run.runId());
            }
        }
    }

    /** Turns the runner's callbacks into events, and hands the run's id to the request that waits for it. */
    private final class Listener implements RunListener {
        private final String pipeline;
        private final String trigger;
        private final RunControl control;
        private final CompletableFuture<ActiveRun> started;
        /** Written by the threads of streams running in parallel; read once the run has ended. */
        private final List<String> failedStreams = new CopyOnWriteArrayList<>();
        private volatile ActiveRun run;

        Listener(String pipeline, String trigger, RunControl control, CompletableFuture<ActiveRun> started) {
            this.pipeline = pipeline;
            this.trigger = trigger;
            this.control = control;
            this.started = started;
        }

        @Override
        public void runStarted(long runId, String pipelineName) {
            run = new ActiveRun(runId, pipeline, trigger, clock.instant(), control);
            active.put(runId, run);
            events.publish(new RunEvent.Started(runId, pipeline, trigger, run.started()));
            started.complete(run);
        }

        @Override
        public void progress(StreamStats stats) {
            run.progressed(stats);
            events.publish(new RunEvent.Progress(run.runId(), pipeline, stats));
        }

        @Override
        public void streamFinished(StreamStats stats, boolean succeeded) {
            run.progressed(stats);
            if (!succeeded) {
                failedStreams.add(stats.stream());
            }
        }

        @Override
        public void log(String level, String stream, String message) {
            if (run != null) {
                events.publish(new RunEvent.Logged(run.runId(), pipeline, clock.instant(), level, stream, message));
            }
        }
    }
}

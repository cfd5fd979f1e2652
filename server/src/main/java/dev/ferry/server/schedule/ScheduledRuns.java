package dev.ferry.server.schedule;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.runs.ActiveRun;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.runs.RunEvents;
import dev.ferry.server.runs.RunRequest;
import dev.ferry.server.runs.RunService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Starts the runs the scheduler asks for and waits until each has ended, so that its execution
 * stays picked, with its heartbeat renewed, for as long as the run goes on: that is what lets
 * another node take the run over when this one dies.
 *
 * <p>Thread-safe.
 */
final class ScheduledRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final RunService runs;
    private final RunEvents events;
    private final Clock clock;
    private final String node;
    /** Runs being waited for, so that a shutdown can stop them at a batch boundary. */
    private final Set<Long> waitedFor = ConcurrentHashMap.newKeySet();
    /** The run each busy pipeline was last found busy with, so that waiting is logged once per run waited for. */
    private final Map<String, Long> busyWith = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    ScheduledRuns(RunService runs, RunEvents events, Clock clock, String node) {
        this.runs = runs;
        this.events = events;
        this.clock = clock;
        this.node = node;
    }

    /** How a run ended, and when (in whole milliseconds, as the store keeps times). */
    record Outcome(Kind kind, Instant ended) {
        enum Kind {
            SUCCEEDED,
            FAILED,
            /** Cancelled by someone: neither retried nor counted as a failure. */
            ENDED,
            /** Another run of the pipeline is in progress, here or elsewhere. */
            BUSY,
            /** Stopped, or never started, because this node is shutting down. */
            SHUTDOWN
        }

        static Outcome of(Kind kind, Instant ended) {
            return new Outcome(kind, ended.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** Starts no more runs and asks those being waited for to stop at their next batch boundary. */
    void stop() {
        stopping = true;
        waitedFor.forEach(runs::cancel);
    }

    /**
     * Runs {@code pipeline}, recorded with {@code trigger}, and waits for its end; {@code why} is
     * for the log (which time or which queued execution the run is for).
     */
    Outcome runAndWait(PipelineConfig pipeline, String trigger, String why) {
        if (stopping) {
            return Outcome.of(Outcome.Kind.SHUTDOWN, clock.instant());
        }
        RunWaiter waiter = new RunWaiter(pipeline.name());
        RunEvents.Subscription listening = events.subscribe(waiter);
        try {
            ActiveRun run;
            try {
                run = runs.start(pipeline, new RunRequest(List.of(), false, trigger));
            } catch (PipelineBusyException busy) {
                long holder = busy.running().map(RunRecord::id).orElse(0L);
                Long before = busyWith.put(pipeline.name(), holder);
                if (before == null || before != holder) {
                    LOG.info("Run of {} ({}, {}) waits: {}", pipeline.name(), trigger, why, busy.getMessage());
                }
                return Outcome.of(Outcome.Kind.BUSY, clock.instant());
            } catch (IllegalStateException shuttingDown) {
                return Outcome.of(Outcome.Kind.SHUTDOWN, clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Run of {} ({}, {}) could not start: {}", pipeline.name(), trigger, why, e.getMessage());
                return Outcome.of(Outcome.Kind.FAILED, clock.instant());
            }
            busyWith.remove(pipeline.name());
            LOG.info("Run {} of {} started on {} ({}, {})", run.runId(), pipeline.name(), node, trigger, why);
            waitedFor.add(run.runId());
            if (stopping) {
                runs.cancel(run.runId()); // started while stop() was cancelling the others
            }
            try {
                RunEvent.Finished finished = waiter.await(run.runId());
                if (stopping && finished.status() != RunStatus.SUCCEEDED && finished.status() != RunStatus.FAILED) {
                    LOG.info("Run {} of {} stopped for the shutdown; it stays due, for another node or the next start",
                            run.runId(), pipeline.name());
                    return Outcome.of(Outcome.Kind.SHUTDOWN, finished.at());
                }
                return Outcome.of(switch (finished.status()) {
                    case SUCCEEDED -> Outcome.Kind.SUCCEEDED;
                    case FAILED, INTERRUPTED -> Outcome.Kind.FAILED;
                    case CANCELLED, RUNNING -> Outcome.Kind.ENDED;
                }, finished.at());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runs.cancel(run.runId());
                return Outcome.of(Outcome.Kind.SHUTDOWN, clock.instant());
            } finally {
                waitedFor.remove(run.runId());
            }
        } finally {
            listening.close();
        }
    }

    /**
     * Catches the end of one run of a pipeline. It listens before the run starts, since a short run
     * may end before its id is known; a pipeline has one run at a time, so the events it keeps
     * until then are few.
     */
    private static final class RunWaiter implements Consumer<RunEvent> {
        private final String pipeline;
        private final Map<Long, RunEvent.Finished> early = new HashMap<>();
        private final CompletableFuture<RunEvent.Finished> done = new CompletableFuture<>();
        private Long runId;

        RunWaiter(String pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public synchronized void accept(RunEvent event) {
            if (event instanceof RunEvent.Finished finished && finished.pipeline().equals(pipeline)) {
                if (runId == null) {
                    early.put(finished.runId(), finished);
                } else if (runId == finished.runId()) {
                    done.complete(finished);
                }
            }
        }

        RunEvent.Finished await(long id) throws InterruptedException {
            synchronized (this) {
                runId = id;
                RunEvent.Finished finished = early.get(id);
                if (finished != null) {
                    done.complete(finished);
                }
            }
            try {
                return done.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}

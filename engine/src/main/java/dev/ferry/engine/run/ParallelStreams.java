package dev.ferry.engine.run;

import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.run.PipelineRunner.StreamOutcome;
import dev.ferry.engine.state.StreamStats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Runs up to {@code parallelism} streams at once, each on a thread of its own, starting each as soon
 * as the schedule allows and a place is free. The calling thread alone talks to the schedule and the
 * tally: the stream threads hand their outcomes back through a queue, so neither needs a lock.
 *
 * <p>A stop request starts no further stream; the running ones stop as they do on their own (each
 * sees the same {@link RunControl}), and this returns once every one has ended. Memory stays bounded
 * per stream: each holds only its own runner's few batches in flight.
 */
final class ParallelStreams {

    private final int parallelism;
    /** Runs one stream to its end, on connections of its own; called on the stream's thread. */
    private final Function<StreamConfig, StreamOutcome> runStream;

    ParallelStreams(int parallelism, Function<StreamConfig, StreamOutcome> runStream) {
        if (parallelism < 2) {
            throw new IllegalArgumentException("parallelism must be at least 2, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.runStream = runStream;
    }

    /** What a stream thread hands back: its outcome, or the JVM error that ended it. */
    private record Ended(StreamConfig stream, StreamOutcome outcome, Error crash) {
    }

    void run(StreamSchedule schedule, RunControl control, RunTally tally) {
        BlockingQueue<Ended> endings = new LinkedBlockingQueue<>();
        Map<String, Thread> running = new HashMap<>();
        boolean allEnded = false;
        try {
            while (true) {
                while (running.size() < parallelism && !control.isStopRequested()) {
                    Optional<StreamConfig> next = schedule.startNext();
                    if (next.isEmpty()) {
                        break;
                    }
                    tally.started(next.get());
                    running.put(next.get().name(), start(next.get(), endings));
                }
                if (running.isEmpty()) {
                    allEnded = true;
                    return;
                }
                Ended ended = take(endings);
                joinUninterruptibly(running.remove(ended.stream().name()));
                if (ended.crash() != null) {
                    throw ended.crash();
                }
                tally.skipped(schedule.ended(ended.stream().name(), tally.ended(ended.outcome())));
            }
        } finally {
            if (!allEnded) {
                // A crash or an interrupt ends the run: its streams must not go on writing behind its back.
                control.requestStop();
                running.values().forEach(Thread::interrupt);
                running.values().forEach(ParallelStreams::joinUninterruptibly);
            }
        }
    }

    private Thread start(StreamConfig stream, BlockingQueue<Ended> endings) {
        return Thread.ofPlatform().name("ferry-stream-" + stream.name()).start(() -> {
            try {
                endings.add(new Ended(stream, runStream.apply(stream), null));
            } catch (RuntimeException e) {
                // the stream's own failure, which must not end the other streams
                endings.add(new Ended(stream, new StreamOutcome(StreamStats.empty(stream.name()), false,
                        PipelineRunner.describe(e)), null));
            } catch (Error e) {
                endings.add(new Ended(stream, null, e));
            }
        });
    }

    private static Ended take(BlockingQueue<Ended> endings) {
        try {
            return endings.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ferry.api.FerryException("Interrupted while streams were running", e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

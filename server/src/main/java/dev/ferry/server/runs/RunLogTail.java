package dev.ferry.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.state.LogLine;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.http.Json;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows runs' logs for Server-Sent Events clients. The state store is the one source of the lines,
 * with their ids: a run of this node and a run of another node or of the CLI are followed alike, by
 * reading the lines after the last one sent. This node's {@link RunEvent}s only wake a run's
 * followers at once, instead of at the next poll.
 *
 * <p>Each client gets: a comment on connecting, every line written so far (or after the id it names
 * with {@code after} or {@code Last-Event-ID}) as {@code log} events whose id is the line's id, new
 * lines as they come, a comment as heartbeat (every {@link #HEARTBEAT} by default), and an {@code end} event with
 * the run's final state, after which the stream closes. A client whose send fails is dropped.
 *
 * <p>Thread-safe: one thread does all the reading and sending.
 */
public final class RunLogTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLogTail.class);
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int PAGE = 500;

    private final StateStore history;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ferry-log-tail").daemon(true).factory());
    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    private final RunEvents.Subscription subscription;

    public RunLogTail(StateStore history, RunEvents events) {
        this(history, events, HEARTBEAT);
    }

    /** @param heartbeat how often a quiet stream gets a comment, so proxies keep it and dead clients are found */
    public RunLogTail(StateStore history, RunEvents events, Duration heartbeat) {
        this.history = history;
        this.subscription = events.subscribe(this::wake);
        thread.scheduleWithFixedDelay(this::pollAll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following run {@code runId} for {@code client}, from the line after {@code afterLineId}
     * (0 for the first); an unknown run gets an {@code error} event and the stream closes.
     */
    public void follow(SseClient client, long runId, long afterLineId) {
        client.keepAlive();
        Follower follower = new Follower(client, runId, afterLineId);
        client.onClose(() -> followers.remove(follower));
        if (thread.isShutdown()) {
            client.close();
            return;
        }
        thread.execute(() -> {
            if (!send(follower, () -> client.sendComment("following run " + runId))) {
                return;
            }
            if (history.run(runId).isEmpty()) {
                send(follower, () -> client.sendEvent("error", json(Map.of("code", "not_found",
                        "message", "Run " + runId + " does not exist")), null));
                client.close();
                return;
            }
            followers.add(follower);
            poll(follower);
        });
    }

    /** Clients following now. */
    public int followers() {
        return followers.size();
    }

    /**
     * Ends every stream now, without an end event: a client that reconnects with
     * {@code Last-Event-ID} (as browsers do) continues where it was, on this node or another.
     * Called when the server stops, so that open streams do not hold up its stop.
     */
    public void endAll() {
        followers.forEach(follower -> follower.client.close());
        followers.clear();
    }

    @Override
    public void close() {
        subscription.close();
        thread.shutdownNow();
        endAll();
    }

    private void wake(RunEvent event) {
        if ((event instanceof RunEvent.Logged || event instanceof RunEvent.Finished)
                && followers.stream().anyMatch(follower -> follower.runId == event.runId())) {
            thread.execute(() -> followers.stream().filter(follower -> follower.runId == event.runId())
                    .forEach(this::poll));
        }
    }

    private void pollAll() {
        followers.forEach(this::poll);
    }

    private void heartbeat() {
        followers.forEach(follower -> send(follower, () -> follower.client.sendComment("heartbeat")));
    }

    /** Sends the lines not sent yet, then the end when the run has ended. */
    private void poll(Follower follower) {
        if (!followers.contains(follower)) {
            return;
        }
        try {
            // The state first: once it is final every line is stored, so the lines read next are all.
            Optional<RunRecord> run = history.run(follower.runId);
            boolean ended = run.map(record -> record.status() != RunStatus.RUNNING).orElse(true);
            List<LogLine> lines;
            do {
                lines = history.runLog(follower.runId, follower.lastLineId, PAGE);
                for (LogLine line : lines) {
                    if (!send(follower, () -> follower.client.sendEvent("log", json(LogLineView.of(line)),
                            Long.toString(line.id())))) {
                        return;
                    }
                    follower.lastLineId = line.id();
                }
            } while (lines.size() == PAGE);
            if (ended) {
                RunRecord record = run.orElse(null);
                send(follower, () -> follower.client.sendEvent("end", json(new End(follower.runId,
                        record == null ? null : record.status().name(), record == null ? null : record.error())), null));
                followers.remove(follower);
                follower.client.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Following the log of run {} failed; the client is dropped", follower.runId, e);
            followers.remove(follower);
            follower.client.close();
        }
    }

    /** Sends, and drops the client when the send failed (it went away). */
    private boolean send(Follower follower, Runnable sending) {
        if (!follower.client.terminated()) {
            sending.run();
        }
        if (follower.client.terminated()) {
            followers.remove(follower);
            return false;
        }
        return true;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last event of a stream: how the run ended. */
    public record End(long runId, String status, String error) {
    }

    private static final class Follower {
        final SseClient client;
        final long runId;
        /** Touched only on the tail's thread. */
        long lastLineId;

        Follower(SseClient client, long runId, long afterLineId) {
            this.client = client;
            this.runId = runId;
            this.lastLineId = afterLineId;
        }
    }
}

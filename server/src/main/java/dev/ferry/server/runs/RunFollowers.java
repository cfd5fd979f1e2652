package dev.ferry.server.runs;

import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events streams that follow runs: the API's log stream ({@link RunLogTail}) and the
 * dashboard's live run view are both {@link Feed}s of it. The state store is what every feed reads, so
 * a run of this node and a run of another node or of the CLI are followed alike, by polling; this
 * node's {@link RunEvent}s only wake a run's followers at once instead of at the next poll.
 *
 * <p>Every stream gets a comment as heartbeat (every {@link #HEARTBEAT} by default), so proxies keep it open and a client that went away is found; a client whose send fails
 * is dropped. One thread does all the reading and sending, so feeds need no locking.
 */
public final class RunFollowers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunFollowers.class);
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);

    /** What one stream sends. Called on the followers' thread only. */
    public interface Feed {
        /**
         * Sends {@code client} what is new since the last call: the first call comes when the client
         * connects, the next ones on every poll and when this node's run logs a line or ends.
         *
         * @return true once everything is sent and nothing more will come, which ends the stream
         */
        boolean sendNew(SseClient client);
    }

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ferry-run-followers").daemon(true).factory());
    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    private final RunEvents.Subscription subscription;

    public RunFollowers(RunEvents events) {
        this(events, HEARTBEAT);
    }

    /** @param heartbeat how often every stream gets a comment */
    public RunFollowers(RunEvents events, Duration heartbeat) {
        this.subscription = events.subscribe(this::wake);
        thread.scheduleWithFixedDelay(this::pollAll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts feeding {@code client} from {@code feed} while run {@code runId} is followed. */
    public void follow(SseClient client, long runId, Feed feed) {
        client.keepAlive();
        Follower follower = new Follower(client, runId, feed);
        client.onClose(() -> followers.remove(follower));
        if (thread.isShutdown()) {
            client.close();
            return;
        }
        thread.execute(() -> {
            followers.add(follower);
            poll(follower);
        });
    }

    /** Clients following now. */
    public int followers() {
        return followers.size();
    }

    /**
     * Ends every stream now, without a last event: a client that reconnects (as browsers do, the
     * API's with {@code Last-Event-ID}) continues where it was, on this node or another. Called when
     * the server stops, so that open streams do not hold up its stop.
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
        if ((event instanceof RunEvent.Logged || event instanceof RunEvent.Progress || event instanceof RunEvent.Finished)
                && followers.stream().anyMatch(follower -> follower.runId == event.runId())) {
            thread.execute(() -> followers.stream().filter(follower -> follower.runId == event.runId())
                    .forEach(this::poll));
        }
    }

    private void pollAll() {
        followers.forEach(this::poll);
    }

    private void heartbeat() {
        for (Follower follower : followers) {
            if (!follower.client.terminated()) {
                follower.client.sendComment("heartbeat");
            }
            if (follower.client.terminated()) {
                followers.remove(follower);
            }
        }
    }

    private void poll(Follower follower) {
        if (!followers.contains(follower)) {
            return;
        }
        try {
            boolean done = follower.client.terminated() || follower.feed.sendNew(follower.client);
            if (done || follower.client.terminated()) {
                followers.remove(follower);
                follower.client.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Following run {} failed; the client is dropped", follower.runId, e);
            followers.remove(follower);
            follower.client.close();
        }
    }

    /** One client; equal to itself only, so two clients of one run are two followers. */
    private static final class Follower {
        final SseClient client;
        final long runId;
        final Feed feed;

        Follower(SseClient client, long runId, Feed feed) {
            this.client = client;
            this.runId = runId;
            this.feed = feed;
        }
    }
}

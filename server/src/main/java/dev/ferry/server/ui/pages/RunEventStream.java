package dev.ferry.server.ui.pages;

import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.runs.RunEvents;
import io.javalin.http.sse.SseClient;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells open overview pages, by Server-Sent Events, that a run of this node started or ended, so
 * their pipeline table is fetched again at once ({@code hx-trigger="sse:run"}) rather than at its
 * next poll, which stays for the runs of other nodes. Only the pipeline's name is sent, never what
 * the run did. Each stream gets a heartbeat comment (every {@link #HEARTBEAT}); a client whose send
 * fails is dropped. One thread sends everything.
 */
public final class RunEventStream implements AutoCloseable {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ferry-ui-run-events").daemon(true).factory());
    private final RunEvents.Subscription subscription;

    public RunEventStream(RunEvents events) {
        this(events, HEARTBEAT);
    }

    public RunEventStream(RunEvents events, Duration heartbeat) {
        this.subscription = events.subscribe(this::tell);
        thread.scheduleWithFixedDelay(() -> sendToAll(client -> client.sendComment("heartbeat")),
                heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code client} open and sends it the runs that start and end from now on. */
    public void follow(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        if (thread.isShutdown()) {
            client.close();
            return;
        }
        clients.add(client);
        thread.execute(() -> send(client, () -> client.sendComment("following runs")));
    }

    /** Clients following now. */
    public int clients() {
        return clients.size();
    }

    private void tell(RunEvent event) {
        if (event instanceof RunEvent.Started started) {
            thread.execute(() -> sendToAll(client -> client.sendEvent("run", started.pipeline())));
        } else if (event instanceof RunEvent.Finished finished) {
            thread.execute(() -> sendToAll(client -> client.sendEvent("run", finished.pipeline())));
        }
    }

    private void sendToAll(java.util.function.Consumer<SseClient> sending) {
        for (SseClient client : clients) {
            send(client, () -> sending.accept(client));
        }
    }

    private void send(SseClient client, Runnable sending) {
        if (!client.terminated()) {
            sending.run();
        }
        if (client.terminated()) {
            clients.remove(client);
        }
    }

    /** Ends every stream: the server stops, and browsers reconnect to whichever node answers. */
    public void endAll() {
        clients.forEach(SseClient::close);
        clients.clear();
    }

    @Override
    public void close() {
        subscription.close();
        thread.shutdownNow();
        endAll();
    }
}

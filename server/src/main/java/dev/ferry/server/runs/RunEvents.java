package dev.ferry.server.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one stream of {@link RunEvent}s. Listeners are called on the thread that publishes, in the
 * order they subscribed; they must be quick (hand slow work such as sending mail to a thread of
 * their own), and one that throws is logged and does not stop the others or the run.
 */
public final class RunEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

    private final CopyOnWriteArrayList<Consumer<RunEvent>> listeners = new CopyOnWriteArrayList<>();

    /** Starts calling {@code listener} with every event; closing the result stops it. */
    public Subscription subscribe(Consumer<RunEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(RunEvent event) {
        for (Consumer<RunEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("A listener of run events failed on {} of run {}", event.getClass().getSimpleName(), event.runId(), e);
            }
        }
    }

    /** A listener's registration. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

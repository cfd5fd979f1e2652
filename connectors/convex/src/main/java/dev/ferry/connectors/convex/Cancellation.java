package dev.ferry.connectors.convex;

import java.util.concurrent.Future;

/**
 * Lets another thread stop a reader's request: {@link #cancel()} aborts the exchange in flight and
 * any wait before the next try, so a cancelled read does not sit out a two-minute timeout.
 */
final class Cancellation {
    /** For requests nothing cancels (discovery, checks). */
    static final Cancellation NONE = new Cancellation();

    private volatile boolean cancelled;
    private volatile Future<?> inFlight;

    void cancel() {
        cancelled = true;
        Future<?> current = inFlight;
        if (current != null) {
            current.cancel(true);
        }
        synchronized (this) {
            notifyAll();
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Records the exchange now running, aborting it at once when cancel came first. */
    void running(Future<?> exchange) {
        inFlight = exchange;
        if (cancelled) {
            exchange.cancel(true);
        }
    }

    /** Waits {@code millis}, or less when cancelled. */
    synchronized void pause(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; left > 0 && !cancelled; left = end - System.currentTimeMillis()) {
            wait(left);
        }
    }
}

package dev.ferry.connectors.http.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * At most {@code requests} calls in any window of {@code per}, however the provider places its
 * windows. A limiter that refills a fixed window (as Resilience4j's does) lets twice the limit
 * through across a window's edge, which a provider counting a sliding window answers with 429s.
 * And a call reaches the provider at some moment between when it starts here and when its answer
 * comes back, so counting from the start is not enough either: under load one call may arrive late
 * and the next early. This limiter counts each call from the moment its answer came: a call may
 * start once fewer than {@code requests} calls are under way or answered within the last
 * {@code per}. Then no window the provider can place holds more than {@code requests} arrivals,
 * whatever the delays, at the cost of one call's duration per window.
 *
 * <p>Thread-safe: every stream and run of one provider account waits in the same line.
 */
final class SlidingWindowLimit {
    private final int requests;
    private final long perNanos;
    /** The calls that still count: in flight (no end yet) or answered less than {@code per} ago. */
    private final List<Permit> counted = new ArrayList<>();

    /** One call's place in the window, given back when its answer came. */
    final class Permit {
        private long endedNanos = Long.MAX_VALUE;

        /** The call got its answer (or gave up): it counts for one more window from now. Idempotent. */
        void release() {
            synchronized (SlidingWindowLimit.this) {
                if (endedNanos == Long.MAX_VALUE) {
                    endedNanos = System.nanoTime();
                    SlidingWindowLimit.this.notifyAll();
                }
            }
        }
    }

    SlidingWindowLimit(int requests, Duration per) {
        this.requests = requests;
        this.perNanos = per.toNanos();
    }

    /** Waits until a call may start, and counts it as under way. */
    synchronized Permit acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long soonestFree = Long.MAX_VALUE;
            for (Iterator<Permit> permits = counted.iterator(); permits.hasNext(); ) {
                Permit permit = permits.next();
                if (permit.endedNanos != Long.MAX_VALUE) {
                    long freeAt = permit.endedNanos + perNanos;
                    if (freeAt <= now) {
                        permits.remove();
                    } else {
                        soonestFree = Math.min(soonestFree, freeAt);
                    }
                }
            }
            if (counted.size() < requests) {
                Permit permit = new Permit();
                counted.add(permit);
                return permit;
            }
            // Woken by a call that ends, or when the first answered one leaves the window.
            long waitNanos = soonestFree == Long.MAX_VALUE ? perNanos : soonestFree - now;
            wait(Math.max(1, waitNanos / 1_000_000), 0);
        }
    }
}

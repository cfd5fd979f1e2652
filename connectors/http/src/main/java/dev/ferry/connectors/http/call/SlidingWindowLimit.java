package dev.ferry.connectors.http.call;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * At most {@code requests} calls in any window of {@code per}, however the windows are placed. A
 * limiter that refills a fixed window (as Resilience4j's does) lets twice the limit through across a
 * window's edge (the last moment of one and the first of the next), which a provider counting a
 * sliding window answers with 429s; this one remembers when the last {@code requests} calls started
 * and lets a call start only once the oldest of them is a full window old, and a fiftieth of a window
 * more, since a call reaches the provider some milliseconds after it starts here and the next may
 * reach it sooner. Thread-safe: every
 * stream and run of one provider account waits in the same line.
 */
final class SlidingWindowLimit {
    private final int requests;
    private final long perNanos;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();

    SlidingWindowLimit(int requests, Duration per) {
        this.requests = requests;
        this.perNanos = per.toNanos() + per.toNanos() / 50;
    }

    /** Waits until a call may start, and counts it as started. */
    void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                while (!starts.isEmpty() && now - starts.peekFirst() >= perNanos) {
                    starts.pollFirst();
                }
                if (starts.size() < requests) {
                    starts.addLast(now);
                    return;
                }
                waitNanos = perNanos - (now - starts.peekFirst());
            }
            Thread.sleep(Duration.ofNanos(waitNanos).plusMillis(1));
        }
    }
}

package dev.ferry.server.limits;

/**
 * A token bucket: holds up to {@code capacity} requests' worth of allowance and refills at
 * {@code perSecond}, so a client may send a burst of {@code capacity} requests at once and then
 * keeps to the average rate. Times come from the caller (epoch milliseconds) so that tests can
 * move a clock instead of sleeping; a clock that steps back never adds allowance.
 *
 * <p>Thread-safe.
 */
final class TokenBucket {
    private final double capacity;
    private final double perMilli;
    private double available;
    private long refilledAt;
    /** Whether the last request was refused: only the first refusal of a streak is worth recording. */
    private boolean refusing;

    TokenBucket(int capacity, double perSecond, long nowMillis) {
        this.capacity = capacity;
        this.perMilli = perSecond / 1000.0;
        this.available = capacity;
        this.refilledAt = nowMillis;
    }

    /** Takes one request's allowance if there is one. */
    synchronized RateDecision take(long nowMillis) {
        refill(nowMillis);
        if (available >= 1) {
            available -= 1;
            refusing = false;
            return RateDecision.ALLOWED;
        }
        boolean first = !refusing;
        refusing = true;
        double millisToOne = (1 - available) / perMilli;
        long seconds = Math.max(1, (long) Math.ceil(millisToOne / 1000.0));
        return RateDecision.refused(seconds, first);
    }

    /** Whether the bucket is full at {@code nowMillis}: it then remembers nothing worth keeping. */
    synchronized boolean isFull(long nowMillis) {
        refill(nowMillis);
        return available >= capacity;
    }

    private void refill(long nowMillis) {
        if (nowMillis > refilledAt) {
            available = Math.min(capacity, available + (nowMillis - refilledAt) * perMilli);
            refilledAt = nowMillis;
        }
    }
}

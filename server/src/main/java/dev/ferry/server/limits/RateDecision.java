package dev.ferry.server.limits;

/**
 * Whether a request may pass the rate limit.
 *
 * @param allowed           whether it passes
 * @param retryAfterSeconds when refused, the whole seconds until a request would pass (at least 1); 0 when allowed
 * @param firstRefusal      when refused, whether the request before it passed: the start of a refused streak
 */
public record RateDecision(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {
    static final RateDecision ALLOWED = new RateDecision(true, 0, false);

    static RateDecision refused(long retryAfterSeconds, boolean firstRefusal) {
        return new RateDecision(false, retryAfterSeconds, firstRefusal);
    }
}

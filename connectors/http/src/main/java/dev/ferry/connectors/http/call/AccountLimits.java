package dev.ferry.connectors.http.call;

import dev.ferry.connectors.http.definition.LimitsDefinition;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The limits of one provider account, shared by every stream and every run in this process that
 * calls it: its rate (our own count, and what the provider's rate-limit headers say is left) and its
 * circuit breaker. An account is the provider, its base URL and a digest of its credentials, so two
 * connections with one key share a line and two keys do not.
 */
final class AccountLimits {
    private static final Map<String, AccountLimits> ACCOUNTS = new ConcurrentHashMap<>();
    /** Calls that fail in a row before the breaker opens, and how long it then stays open. */
    private static final int FAILURES_TO_OPEN = 10;
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final SlidingWindowLimit window;
    private final CircuitBreaker breaker;
    /** Until when the provider said its window is used up (System.nanoTime), or 0. */
    private final AtomicLong exhaustedUntil = new AtomicLong();

    private AccountLimits(String account, LimitsDefinition limits) {
        this.window = limits.requests() > 0 ? new SlidingWindowLimit(limits.requests(), limits.per()) : null;
        this.breaker = CircuitBreaker.of(account, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(FAILURES_TO_OPEN).minimumNumberOfCalls(FAILURES_TO_OPEN).failureRateThreshold(100)
                .waitDurationInOpenState(OPEN_FOR).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false).build());
    }

    static AccountLimits of(String account, LimitsDefinition limits) {
        return ACCOUNTS.computeIfAbsent(account, name -> new AccountLimits(name, limits));
    }

    /** A call may go: release it when its answer came. */
    interface Slot {
        void release();
    }

    private static final Slot UNLIMITED = () -> {
    };

    /**
     * Waits for the rate limit and the provider's own window, and returns the call's slot; null when
     * the breaker is open and no call may go.
     */
    Slot acquire() throws InterruptedException {
        if (!breaker.tryAcquirePermission()) {
            return null;
        }
        long until = exhaustedUntil.get();
        long wait = until - System.nanoTime();
        if (until != 0 && wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        if (window == null) {
            return UNLIMITED;
        }
        SlidingWindowLimit.Permit permit = window.acquire();
        return permit::release;
    }

    /** The provider said no calls are left until {@code resetIn} from now. */
    void exhaustedFor(Duration resetIn) {
        exhaustedUntil.set(System.nanoTime() + resetIn.toNanos());
    }

    /** A call the provider answered, even with a 4xx or a 429: it is up. */
    void succeeded(Duration took) {
        breaker.onSuccess(took.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A call that got no answer or a 5xx. */
    void failed(Duration took, Throwable why) {
        breaker.onError(took.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS, why);
    }
}

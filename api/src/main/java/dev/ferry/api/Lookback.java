package dev.ferry.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How far below the last checkpoint an incremental read starts again, so rows committed late with
 * a cursor value below one already seen are still picked up. Replays are idempotent upserts.
 */
public sealed interface Lookback permits Lookback.None, Lookback.Time, Lookback.Amount {

    Lookback NONE = new None();

    /** Resume at the checkpoint itself (inclusive). */
    record None() implements Lookback {
    }

    /** For temporal cursors: resume at {@code checkpoint - window}. */
    record Time(Duration window) implements Lookback {
        public Time {
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("Look-back window must not be negative: " + window);
            }
        }
    }

    /** For numeric cursors: resume at {@code checkpoint - amount}. */
    record Amount(BigDecimal amount) implements Lookback {
        public Amount {
            Objects.requireNonNull(amount, "amount");
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("Look-back amount must not be negative: " + amount);
            }
        }
    }
}

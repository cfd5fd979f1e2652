package dev.ferry.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * How far below the last checkpoint an incremental read starts again, so rows committed late with
 * a cursor value below one already seen are still picked up. Replays are idempotent upserts.
 */
public sealed interface Lookback permits Lookback.None, Lookback.Time, Lookback.Amount {

    Lookback NONE = new None();

    /**
     * The lowest cursor value a read resuming at {@code value} includes: {@code value} minus this
     * look-back, never a narrower window (a date covers the whole day that holds the bound, a
     * fractional amount is rounded down for whole-number cursors, results are clamped to the type's
     * range).
     *
     * @param value a cursor value, never null
     * @throws IllegalArgumentException when this look-back does not fit the value (a time look-back
     *                                  for a number, or an amount for a point in time)
     */
    default Object lowerBound(Object value) {
        Objects.requireNonNull(value, "value");
        return switch (this) {
            case None none -> value;
            case Time time -> switch (value) {
                // -infinity (the java.time MIN) stays itself: nothing lies before it
                case LocalDateTime timestamp when timestamp.equals(LocalDateTime.MIN) -> timestamp;
                case OffsetDateTime timestamp when timestamp.equals(OffsetDateTime.MIN) -> timestamp;
                case LocalDate date when date.equals(LocalDate.MIN) -> date;
                case LocalDateTime timestamp -> timestamp.minus(time.window());
                case OffsetDateTime timestamp -> timestamp.minus(time.window());
                case LocalDate date -> date.atStartOfDay().minus(time.window()).toLocalDate();
                case LocalTime clock -> time.window().compareTo(Duration.between(LocalTime.MIN, clock)) >= 0
                        ? LocalTime.MIN : clock.minus(time.window());
                default -> throw new IllegalArgumentException("a time look-back needs a point in time, not "
                        + value.getClass().getSimpleName());
            };
            case Amount amount -> switch (value) {
                case Short number -> (short) Math.max(Short.MIN_VALUE, floorMinus(number, amount.amount()));
                case Integer number -> (int) Math.max(Integer.MIN_VALUE, floorMinus(number, amount.amount()));
                case Long number -> floorMinus(number, amount.amount());
                case BigDecimal number -> number.subtract(amount.amount());
                // NaN and the infinities minus a finite amount are themselves
                case NonFiniteDecimal special -> special;
                case Float number -> (float) (number - amount.amount().doubleValue());
                case Double number -> number - amount.amount().doubleValue();
                default -> throw new IllegalArgumentException("a numeric look-back needs a number, not "
                        + value.getClass().getSimpleName());
            };
        };
    }

    /** {@code floor(value - amount)}, clamped to the long range, so a fractional amount never narrows the window. */
    private static long floorMinus(long value, BigDecimal amount) {
        BigDecimal result = BigDecimal.valueOf(value).subtract(amount).setScale(0, RoundingMode.FLOOR);
        return result.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : result.longValue();
    }

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

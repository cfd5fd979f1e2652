package dev.ferry.connectors.jdbc;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.Lookback;
import dev.ferry.api.NonFiniteDecimal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** The lower bound of an incremental read: the checkpoint's cursor value minus the look-back. */
public final class CursorBound {

    private CursorBound() {
    }

    /**
     * The inclusive lower bound for {@code cursor}, resuming from {@code resumeFrom} (never null)
     * with {@code lookback}. {@code stream} names the stream in errors.
     */
    public static Object lowerBound(String stream, Column cursor, Checkpoint resumeFrom, Lookback lookback) {
        if (!(resumeFrom instanceof Checkpoint.CursorValue value)) {
            throw new FerryException("Stream " + stream + ": cannot resume an incremental read from " + resumeFrom
                    + "; a cursor value is needed");
        }
        if (!value.column().equals(cursor.name()) || value.type() != cursor.type()) {
            throw new FerryException("Stream " + stream + ": the stored checkpoint is for cursor " + value.column()
                    + " (" + value.type() + ") but the cursor is now " + cursor.name() + " (" + cursor.type()
                    + "); reset the stream's state to read it again from the beginning");
        }
        return switch (lookback) {
            case Lookback.None none -> value.value();
            case Lookback.Time time -> minusDuration(stream, cursor, value.value(), time.window());
            case Lookback.Amount amount -> minusAmount(stream, cursor, value.value(), amount.amount());
        };
    }

    /** {@code -infinity} (the java.time MIN) stays itself: nothing lies before it. */
    private static Object minusDuration(String stream, Column cursor, Object value, Duration window) {
        return switch (value) {
            case LocalDateTime timestamp when timestamp.equals(LocalDateTime.MIN) -> timestamp;
            case OffsetDateTime timestamp when timestamp.equals(OffsetDateTime.MIN) -> timestamp;
            case LocalDate date when date.equals(LocalDate.MIN) -> date;
            case LocalDateTime timestamp -> timestamp.minus(window);
            case OffsetDateTime timestamp -> timestamp.minus(window);
            // The day that contains (value - window), so the whole window is covered.
            case LocalDate date -> date.atStartOfDay().minus(window).toLocalDate();
            case LocalTime time -> window.compareTo(Duration.between(LocalTime.MIN, time)) >= 0
                    ? LocalTime.MIN : time.minus(window);
            default -> throw mismatch(stream, cursor, "a time look-back", "a number");
        };
    }

    private static Object minusAmount(String stream, Column cursor, Object value, BigDecimal amount) {
        return switch (value) {
            case Short number -> (short) Math.max(Short.MIN_VALUE, floorMinus(number, amount));
            case Integer number -> (int) Math.max(Integer.MIN_VALUE, floorMinus(number, amount));
            case Long number -> floorMinus(number, amount);
            case BigDecimal number -> number.subtract(amount);
            // NaN and the infinities minus a finite amount are themselves
            case NonFiniteDecimal special -> special;
            case Float number -> (float) (number - amount.doubleValue());
            case Double number -> number - amount.doubleValue();
            default -> throw mismatch(stream, cursor, "a numeric look-back", "a point in time");
        };
    }

    /** {@code floor(value - amount)}, clamped to the long range, so a fractional amount never narrows the window. */
    private static long floorMinus(long value, BigDecimal amount) {
        BigDecimal result = BigDecimal.valueOf(value).subtract(amount).setScale(0, RoundingMode.FLOOR);
        return result.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : result.longValue();
    }

    private static FerryException mismatch(String stream, Column cursor, String lookback, String kind) {
        return new FerryException("Stream " + stream + ": cursor " + cursor.name() + " is " + kind + " ("
                + cursor.type() + "), so it cannot have " + lookback);
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.Lookback;
import dev.ferry.api.NonFiniteDecimal;

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
        try {
            return lookback.lowerBound(value.value());
        } catch (IllegalArgumentException e) {
            throw lookback instanceof Lookback.Time ? mismatch(stream, cursor, "a time look-back", "a number")
                    : mismatch(stream, cursor, "a numeric look-back", "a point in time");
        }
    }

    private static FerryException mismatch(String stream, Column cursor, String lookback, String kind) {
        return new FerryException("Stream " + stream + ": cursor " + cursor.name() + " is " + kind + " ("
                + cursor.type() + "), so it cannot have " + lookback);
    }
}

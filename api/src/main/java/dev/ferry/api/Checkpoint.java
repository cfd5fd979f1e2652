package dev.ferry.api;

import java.util.Objects;

/**
 * How far a stream has been read, in a form the source can resume from. A checkpoint is produced by
 * a source with each batch and handed back to it, unchanged, when the stream is read again; the
 * engine persists it only after the destination committed every record up to that batch.
 */
public sealed interface Checkpoint permits Checkpoint.CursorValue, Checkpoint.LogPosition {

    /**
     * The highest value of an incremental cursor column among the records delivered so far.
     * A source resumes with records whose cursor is greater than or equal to it (inclusive, so
     * rows that share the highest value are never skipped; replaying them is an idempotent upsert).
     *
     * @param column the cursor column's source name; never null
     * @param type   the cursor column's type; never null
     * @param value  the highest value seen, a value of {@code type} ({@link ColumnType#accepts}: a
     *               {@link NonFiniteDecimal} too, as PostgreSQL sorts numeric NaN above every number);
     *               never null
     */
    record CursorValue(String column, ColumnType type, Object value) implements Checkpoint {
        public CursorValue {
            Objects.requireNonNull(column, "cursor column");
            Objects.requireNonNull(type, "cursor type");
            Objects.requireNonNull(value, "cursor value");
            if (!type.accepts(value)) {
                throw new IllegalArgumentException("Cursor " + column + " of type " + type
                        + " cannot hold a " + value.getClass().getSimpleName());
            }
        }
    }

    /**
     * An opaque position in a source's change log or export (a replication LSN, an export cursor,
     * a page token). Only the source that produced it interprets it.
     *
     * @param position the source's own encoding; never null
     */
    record LogPosition(String position) implements Checkpoint {
        public LogPosition {
            Objects.requireNonNull(position, "position");
        }
    }
}

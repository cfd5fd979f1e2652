package dev.ferry.engine.state;

import java.util.Objects;

/**
 * Which quarantine entries to list: those of a pipeline (and of one of its streams when
 * {@code stream} is not null) with an id above {@code afterId}, in id order, at most {@code limit}.
 */
public record QuarantineFilter(String pipeline, String stream, long afterId, int limit) {
    public QuarantineFilter {
        Objects.requireNonNull(pipeline, "pipeline");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    public static QuarantineFilter of(String pipeline, String stream, int limit) {
        return new QuarantineFilter(pipeline, stream, 0, limit);
    }

    /** The next page, after the last entry of this one. */
    public QuarantineFilter after(long lastId) {
        return new QuarantineFilter(pipeline, stream, lastId, limit);
    }
}

package dev.ferry.engine.state;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which runs {@link StateStore#findRuns} returns, newest first. Start from {@link #all()} and narrow
 * it with the {@code with...} methods; every criterion given must hold.
 *
 * @param pipeline    runs of this pipeline only; null for every pipeline
 * @param statuses    runs in one of these states; empty for any state
 * @param startedFrom runs started at or after this; null for no lower bound
 * @param startedTo   runs started before this; null for no upper bound
 * @param errorText   runs whose error contains this, ignoring case (on SQLite, the case of ASCII letters
 *                    only), taken literally ({@code %} and {@code _} are no wildcards); null for any
 * @param limit       at most this many runs, from 1 to {@value #MAX_LIMIT}
 * @param offset      skipping this many first, 0 or more
 */
public record RunFilter(String pipeline, Set<RunStatus> statuses, Instant startedFrom, Instant startedTo,
                        String errorText, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public RunFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (errorText != null && errorText.isEmpty()) {
            errorText = null;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, not " + offset);
        }
        if (startedFrom != null && startedTo != null && startedTo.isBefore(startedFrom)) {
            throw new IllegalArgumentException("the time range ends (" + startedTo + ") before it starts (" + startedFrom + ")");
        }
    }

    /** Every run, the newest {@value #DEFAULT_LIMIT} first. */
    public static RunFilter all() {
        return new RunFilter(null, Set.of(), null, null, null, DEFAULT_LIMIT, 0);
    }

    public RunFilter withPipeline(String value) {
        return new RunFilter(value, statuses, startedFrom, startedTo, errorText, limit, offset);
    }

    public RunFilter withStatuses(Set<RunStatus> value) {
        return new RunFilter(pipeline, value, startedFrom, startedTo, errorText, limit, offset);
    }

    public RunFilter withStartedFrom(Instant value) {
        return new RunFilter(pipeline, statuses, value, startedTo, errorText, limit, offset);
    }

    public RunFilter withStartedTo(Instant value) {
        return new RunFilter(pipeline, statuses, startedFrom, value, errorText, limit, offset);
    }

    public RunFilter withErrorText(String value) {
        return new RunFilter(pipeline, statuses, startedFrom, startedTo, value, limit, offset);
    }

    public RunFilter withLimit(int value) {
        return new RunFilter(pipeline, statuses, startedFrom, startedTo, errorText, value, offset);
    }

    public RunFilter withOffset(int value) {
        return new RunFilter(pipeline, statuses, startedFrom, startedTo, errorText, limit, value);
    }

    /** The error text as compared: lower case. */
    String errorNeedle() {
        return errorText == null ? null : errorText.toLowerCase(Locale.ROOT);
    }
}

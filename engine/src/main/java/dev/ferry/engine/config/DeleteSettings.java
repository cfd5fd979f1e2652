package dev.ferry.engine.config;

import dev.ferry.api.DeletePolicy;

import java.util.Objects;

/**
 * How a stream handles rows the source no longer has.
 *
 * @param policy           hard or soft deletes, or none
 * @param allowEmptySource whether a complete read that returned no rows may still remove every
 *                         destination row; false keeps a source that was emptied by mistake, or a
 *                         query that suddenly matches nothing, from wiping the destination
 * @param reconcileEvery   for incremental streams: scan the source's keys every this many runs to
 *                         find deletions (1 = every run); 0 only when asked for by the run
 */
public record DeleteSettings(DeletePolicy policy, boolean allowEmptySource, int reconcileEvery) {

    public static final DeleteSettings NONE = new DeleteSettings(DeletePolicy.NONE, false, 0);

    public DeleteSettings {
        Objects.requireNonNull(policy, "policy");
        if (reconcileEvery < 0) {
            throw new IllegalArgumentException("reconcileEvery must not be negative, was " + reconcileEvery);
        }
    }

    public boolean enabled() {
        return policy != DeletePolicy.NONE;
    }
}

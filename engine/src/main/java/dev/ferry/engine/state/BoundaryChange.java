package dev.ferry.engine.state;

import java.util.Collection;
import java.util.List;

/**
 * How a commit changes the stored cursor boundary of an incremental stream (see {@link BoundaryRow}):
 * rows to forget, then rows to add or replace.
 *
 * @param forgetAll whether every stored row goes first
 * @param removed   keys of stored rows to forget
 * @param put       rows to store, replacing those with the same key
 */
public record BoundaryChange(boolean forgetAll, Collection<String> removed, Collection<BoundaryRow> put) {

    public static final BoundaryChange NONE = new BoundaryChange(false, List.of(), List.of());

    public boolean isEmpty() {
        return !forgetAll && removed.isEmpty() && put.isEmpty();
    }
}

package dev.ferry.engine.transform;

import dev.ferry.api.StreamSchema;

import java.util.Set;

/**
 * A {@link RowTransform} planned for one schema. Called by one thread at a time.
 */
public interface BoundRowTransform {

    /** The schema of the rows it returns; its key columns are the input's unless it says otherwise. */
    StreamSchema output();

    /**
     * The transformed row, or null to drop it (a filter that does not pass it, a lookup told to skip
     * rows whose key is missing).
     *
     * @param row values in {@code input} order; not changed by this method
     * @return values in {@code output()} order, a new array
     * @throws dev.ferry.api.RejectedValueException naming the column and why the row cannot be transformed
     */
    Object[] apply(Object[] row);

    /**
     * Input columns whose values this transform may change in place (a computed column that replaces
     * one by its name); new columns are not among them. Key columns among them cannot be compared with
     * the source's keys, so streams that remove rows missing at the source refuse them.
     */
    default Set<String> replacedColumns() {
        return Set.of();
    }
}

package dev.ferry.engine.transform;

import dev.ferry.api.StreamSchema;

/**
 * Sees whole rows: adds or replaces columns computed from others, or drops rows. Immutable and
 * thread-safe.
 */
public interface RowTransform {

    /**
     * Plans this transform for rows of {@code input}.
     *
     * @throws TransformDefinitionException when the rows cannot be given to it (a column it needs is
     *                                      missing or of another type; an expression does not type-check)
     */
    BoundRowTransform bind(StreamSchema input);

    /**
     * Plans this transform for rows of {@code input} with what the run offers: a table lookup takes
     * its table from {@code context}. Others need nothing of it.
     */
    default BoundRowTransform bind(StreamSchema input, TransformContext context) {
        return bind(input);
    }

    /** A short name for messages and previews, such as {@code compute} or {@code filter}. */
    String name();
}

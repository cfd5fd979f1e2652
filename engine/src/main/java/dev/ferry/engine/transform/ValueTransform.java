package dev.ferry.engine.transform;

import dev.ferry.api.Column;

/**
 * Changes the values of one column. Immutable and thread-safe: one instance may be bound to many
 * columns and streams.
 */
public interface ValueTransform {

    /**
     * Plans this transform for values of {@code input}.
     *
     * @throws TransformDefinitionException when the column's type cannot be given to this transform,
     *                                      saying which types can
     */
    BoundValueTransform bind(Column input);

    /**
     * Plans this transform for values of {@code input} with what the run offers: a table lookup
     * takes its table from {@code context}. Others need nothing of it.
     */
    default BoundValueTransform bind(Column input, TransformContext context) {
        return bind(input);
    }

    /** A short name for messages and previews, such as {@code phone} or {@code map}. */
    String name();
}

package dev.ferry.engine.transform;

import java.util.Objects;

/**
 * One step of a stream's transforms, in the order the stream lists them.
 */
public sealed interface TransformStep {

    /** What the step is called in messages: {@code phone on telefono}, {@code filter}. */
    String describe();

    /** A value transform applied to one column, by its name at that point of the chain. */
    record OnColumn(String column, ValueTransform transform) implements TransformStep {
        public OnColumn {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(transform, "transform");
        }

        @Override
        public String describe() {
            return transform.name() + " on " + column;
        }
    }

    /** A row transform. */
    record OnRow(RowTransform transform) implements TransformStep {
        public OnRow {
            Objects.requireNonNull(transform, "transform");
        }

        @Override
        public String describe() {
            return transform.name();
        }
    }
}

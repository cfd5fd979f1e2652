package dev.ferry.engine.transform;

import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link TransformChain} planned for one input schema. Used by one thread at a time (the stream's
 * writer, or a preview).
 */
public final class BoundChain {
    private final StreamSchema input;
    private final StreamSchema output;
    private final List<Stage> stages;

    BoundChain(StreamSchema input, StreamSchema output, List<Stage> stages) {
        this.input = input;
        this.output = output;
        this.stages = List.copyOf(stages);
    }

    /** The schema the source reads. */
    public StreamSchema input() {
        return input;
    }

    /** The schema the stream writes: destination tables are created and evolved from it. */
    public StreamSchema output() {
        return output;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    /** Input columns whose values some step may change (by a value transform, or replaced by a row transform). */
    public Set<String> changedColumns() {
        Set<String> changed = new LinkedHashSet<>();
        for (Stage stage : stages) {
            switch (stage) {
                case ColumnStage column -> changed.add(column.output().columns().get(column.index()).name());
                case RowStage row -> changed.addAll(row.transform().replacedColumns());
            }
        }
        return changed;
    }

    /**
     * Transforms one row.
     *
     * @param row   values in {@link #input()} order; not changed
     * @param table where the row was read from, to locate a rejection
     * @return values in {@link #output()} order, or null when a step dropped the row
     * @throws RejectedValueException located at {@code table} and the row's key as it was read
     */
    public Object[] apply(Object[] row, String table) {
        Object[] values = row;
        boolean copied = false;
        try {
            for (Stage stage : stages) {
                switch (stage) {
                    case ColumnStage column -> {
                        if (!copied) {
                            values = values.clone();
                            copied = true;
                        }
                        values[column.index()] = column.transform().apply(values[column.index()]);
                    }
                    case RowStage rowStage -> {
                        values = rowStage.transform().apply(values);
                        copied = true;
                        if (values == null) {
                            return null;
                        }
                    }
                }
            }
            return values;
        } catch (RejectedValueException e) {
            throw e.table() == null ? e.locatedAt(table, input.describeKey(row)) : e;
        }
    }

    /** One planned step and the schema it gives. */
    sealed interface Stage {
        StreamSchema output();
    }

    record ColumnStage(int index, BoundValueTransform transform, StreamSchema output) implements Stage {
    }

    record RowStage(BoundRowTransform transform) implements Stage {
        @Override
        public StreamSchema output() {
            return transform.output();
        }
    }
}

package dev.ferry.engine.transform;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream's transforms in order. Immutable and thread-safe; {@link #bind} plans it for the schema
 * the source reads, giving the schema the stream writes.
 */
public final class TransformChain {
    /** No transforms: rows pass unchanged. */
    public static final TransformChain NONE = new TransformChain(List.of());

    private final List<TransformStep> steps;

    private TransformChain(List<TransformStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public static TransformChain of(List<TransformStep> steps) {
        return steps.isEmpty() ? NONE : new TransformChain(steps);
    }

    public List<TransformStep> steps() {
        return steps;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Plans every step against the schema the step before it gives, without connections: a table
     * lookup is refused (see {@link #bind(StreamSchema, TransformContext)}).
     *
     * @throws TransformDefinitionException naming the step (its position and what it is) and why
     */
    public BoundChain bind(StreamSchema input) {
        return bind(input, TransformContext.NONE);
    }

    /**
     * Plans every step against the schema the step before it gives, table lookups taking their tables
     * from {@code context}.
     *
     * @throws TransformDefinitionException naming the step (its position and what it is) and why
     * @throws dev.ferry.api.FerryException when a lookup table cannot be read (retriable when a retry may)
     */
    public BoundChain bind(StreamSchema input, TransformContext context) {
        StreamSchema schema = input;
        List<BoundChain.Stage> stages = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            TransformStep step = steps.get(i);
            try {
                BoundChain.Stage stage = bindStep(step, schema, context);
                stages.add(stage);
                schema = stage.output();
            } catch (TransformDefinitionException e) {
                throw new TransformDefinitionException("transform " + (i + 1) + " (" + step.describe() + "): "
                        + e.getMessage(), e);
            }
        }
        return new BoundChain(input, schema, stages);
    }

    private static BoundChain.Stage bindStep(TransformStep step, StreamSchema schema, TransformContext context) {
        return switch (step) {
            case TransformStep.OnColumn onColumn -> {
                int index = schema.indexOf(onColumn.column());
                if (index < 0) {
                    throw new TransformDefinitionException("there is no column " + onColumn.column()
                            + " at this point; the columns are " + schema.columnNames());
                }
                BoundValueTransform bound = onColumn.transform().bind(schema.columns().get(index), context);
                Column output = bound.output();
                if (!output.name().equals(onColumn.column())) {
                    throw new IllegalStateException(onColumn.transform().name() + " renamed column "
                            + onColumn.column() + " to " + output.name() + "; a value transform keeps the name");
                }
                List<Column> columns = new ArrayList<>(schema.columns());
                columns.set(index, output);
                yield new BoundChain.ColumnStage(index, bound,
                        new StreamSchema(schema.name(), columns, schema.keyColumns()));
            }
            case TransformStep.OnRow onRow -> new BoundChain.RowStage(onRow.transform().bind(schema, context));
        };
    }
}

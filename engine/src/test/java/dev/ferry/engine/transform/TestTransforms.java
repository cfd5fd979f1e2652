package dev.ferry.engine.transform;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Small transforms for tests of the chain, the runner and the preview, independent of the real ones. */
public final class TestTransforms {
    private TestTransforms() {
    }

    /** A value transform that keeps the column as it is and maps each value with {@code function}. */
    public static ValueTransform values(String name, UnaryOperator<Object> function) {
        return new ValueTransform() {
            @Override
            public BoundValueTransform bind(Column input) {
                return new BoundValueTransform() {
                    @Override
                    public Column output() {
                        return input;
                    }

                    @Override
                    public Object apply(Object value) {
                        return function.apply(value);
                    }
                };
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Upper-cases text; refuses columns of other types when bound. */
    public static ValueTransform upper() {
        return new ValueTransform() {
            @Override
            public BoundValueTransform bind(Column input) {
                if (input.type() != ColumnType.STRING && input.type() != ColumnType.TEXT) {
                    throw new TransformDefinitionException("takes text columns, and " + input.name() + " is " + input.type());
                }
                return values("upper", value -> value == null ? null : ((String) value).toUpperCase(Locale.ROOT)).bind(input);
            }

            @Override
            public String name() {
                return "upper";
            }
        };
    }

    /** Passes every value but {@code refused}, which it rejects with "'value' is refused". */
    public static ValueTransform refusing(Object refused) {
        return new ValueTransform() {
            @Override
            public BoundValueTransform bind(Column input) {
                return values("refuse", value -> {
                    if (refused.equals(value)) {
                        throw new RejectedValueException(input.name(), Shortened.quote(value) + " is refused");
                    }
                    return value;
                }).bind(input);
            }

            @Override
            public String name() {
                return "refuse";
            }
        };
    }

    /** Keeps the rows {@code keep} accepts and drops the others. */
    public static RowTransform keepIf(String name, Predicate<Object[]> keep) {
        return new RowTransform() {
            @Override
            public BoundRowTransform bind(StreamSchema input) {
                return new BoundRowTransform() {
                    @Override
                    public StreamSchema output() {
                        return input;
                    }

                    @Override
                    public Object[] apply(Object[] row) {
                        return keep.test(row) ? row.clone() : null;
                    }
                };
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Adds a last column {@code column} of {@code type}, computed by {@code compute} from the schema bound and the row. */
    public static RowTransform addColumn(String column, ColumnType type, Function<StreamSchema, Function<Object[], Object>> compute) {
        return new RowTransform() {
            @Override
            public BoundRowTransform bind(StreamSchema input) {
                List<Column> columns = new ArrayList<>(input.columns());
                columns.add(Column.of(column, type));
                StreamSchema output = new StreamSchema(input.name(), columns, input.keyColumns());
                Function<Object[], Object> value = compute.apply(input);
                return new BoundRowTransform() {
                    @Override
                    public StreamSchema output() {
                        return output;
                    }

                    @Override
                    public Object[] apply(Object[] row) {
                        Object[] values = Arrays.copyOf(row, row.length + 1);
                        values[row.length] = value.apply(row);
                        return values;
                    }
                };
            }

            @Override
            public String name() {
                return "compute " + column;
            }
        };
    }
}

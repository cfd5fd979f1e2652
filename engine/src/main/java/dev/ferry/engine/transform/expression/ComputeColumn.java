package dev.ferry.engine.transform.expression;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.RowTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A column computed by a CEL expression over the row's columns: added after the last column, or put
 * in place of the column of the same name. How columns become CEL variables, how nulls reach the
 * expression and which column type each result type gives are described in the package
 * documentation.
 *
 * <p>The expression is parsed when this transform is made and type-checked when it is bound, so a
 * mistake is a {@link TransformDefinitionException} (its cause an {@link InvalidExpressionException}
 * with the line and column) before any row is read. An evaluation that fails (a division by zero, an
 * overflow, a missing key, a null where a value is needed) or a result the column cannot hold
 * exactly rejects the row with a {@link dev.ferry.api.RejectedValueException} naming the computed
 * column and CEL's message; a row is never given a value other than the expression's.
 *
 * <p>Immutable and thread-safe; each bound instance is for one thread at a time.
 */
public final class ComputeColumn implements RowTransform {
    private final Options options;
    private final CelExpression expression;

    /**
     * What to compute.
     *
     * @param column     the computed column's name: a new column, or one of the input's to replace
     * @param expression the CEL expression
     * @param type       the column type to write, which must agree with the expression's type; null to
     *                   take the one its type gives (int BIGINT, uint DECIMAL(20,0), double DOUBLE, string
     *                   TEXT, bool BOOLEAN, bytes BINARY, timestamp TIMESTAMP_TZ)
     */
    public record Options(String column, String expression, OutputType type) {
        public Options {
            if (column == null || column.isBlank()) {
                throw new TransformDefinitionException("compute: the column to compute has no name; give the"
                        + " name of a new column or of one to replace");
            }
        }
    }

    /**
     * @throws TransformDefinitionException when the column has no name or the expression does not parse
     */
    public ComputeColumn(Options options) {
        this.options = options;
        this.expression = new CelExpression("compute " + Shortened.quote(options.column()), options.expression());
    }

    /** A column of the type the expression's type gives. */
    public static ComputeColumn of(String column, String expression) {
        return new ComputeColumn(new Options(column, expression, null));
    }

    /** A column of a declared type, which must agree with the expression's type. */
    public static ComputeColumn of(String column, String expression, OutputType type) {
        return new ComputeColumn(new Options(column, expression, type));
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "compute";
    }

    @Override
    public BoundRowTransform bind(StreamSchema input) {
        CelColumns columns = new CelColumns(input);
        String owner = "compute " + Shortened.quote(options.column());
        CelExpression.Checked checked = expression.check(columns);
        ResultColumn result = ResultColumn.of(owner, options.column(), checked.resultType(), options.type());
        int index = input.indexOf(options.column());
        List<Column> outputColumns = new ArrayList<>(input.columns());
        if (index < 0) {
            index = outputColumns.size();
            outputColumns.add(result.column());
        } else {
            outputColumns.set(index, result.column());
        }
        StreamSchema output = new StreamSchema(input.name(), outputColumns, input.keyColumns());
        return new Bound(owner, output, index, checked, columns.resolver(), result);
    }

    @Override
    public String toString() {
        return "compute " + options.column() + " = " + expression.text();
    }

    private final class Bound implements BoundRowTransform {
        private final String owner;
        private final StreamSchema output;
        private final int index;
        private final int width;
        private final CelExpression.Checked checked;
        private final CelColumns.RowResolver resolver;
        private final ResultColumn result;

        Bound(String owner, StreamSchema output, int index, CelExpression.Checked checked,
                CelColumns.RowResolver resolver, ResultColumn result) {
            this.owner = owner;
            this.output = output;
            this.index = index;
            this.width = output.columns().size();
            this.checked = checked;
            this.resolver = resolver;
            this.result = result;
        }

        @Override
        public StreamSchema output() {
            return output;
        }

        @Override
        public Object[] apply(Object[] row) {
            Object value = checked.eval(resolver, row, options.column(), owner, expression.text());
            Object[] out = Arrays.copyOf(row, width);
            out[index] = result.toColumn(value);
            return out;
        }
    }
}

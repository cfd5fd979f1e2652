package dev.ferry.engine.transform.expression;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.values.NullValue;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.RowTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

/**
 * Keeps the rows for which a CEL expression is true and drops those for which it is false. The
 * expression sees the row's columns as described in the package documentation, and must type-check
 * to {@code bool} when bound (or to {@code dyn}, checked on each row).
 *
 * <p>A row is never dropped by accident: an evaluation that fails (a division by zero, a null where
 * a value is needed, a missing key) or that gives null or a non-boolean rejects the row with a
 * {@link RejectedValueException} naming the columns the expression reads and CEL's message, so it
 * fails or is quarantined instead of disappearing. Write {@code x != null && x > 0} to drop rows
 * whose {@code x} is null.
 *
 * <p>Immutable and thread-safe; each bound instance is for one thread at a time. The schema passes
 * through unchanged.
 */
public final class FilterRows implements RowTransform {
    private final CelExpression expression;

    /**
     * @param expression the CEL expression, true for the rows to keep
     * @throws TransformDefinitionException when it is blank or does not parse
     */
    public FilterRows(String expression) {
        this.expression = new CelExpression("filter", expression);
    }

    public static FilterRows of(String expression) {
        return new FilterRows(expression);
    }

    public String expression() {
        return expression.text();
    }

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public BoundRowTransform bind(StreamSchema input) {
        CelColumns columns = new CelColumns(input);
        CelExpression.Checked checked = expression.check(columns);
        CelType type = checked.resultType();
        CelType plain = type instanceof NullableType wrapper ? wrapper.targetType() : type;
        if (plain.kind() != CelKind.BOOL && plain.kind() != CelKind.DYN) {
            throw new TransformDefinitionException("filter: the expression " + Shortened.quote(expression.text())
                    + " gives " + plain.name() + ", not bool; a filter keeps the rows for which it is true"
                    + " (compare the value, as in x > 0 or x == 'A')");
        }
        String blamed = checked.readColumns().isEmpty() ? "(filter)" : String.join(", ", checked.readColumns());
        return new Bound(input, checked, columns.resolver(), blamed);
    }

    @Override
    public String toString() {
        return "filter " + expression.text();
    }

    private final class Bound implements BoundRowTransform {
        private final StreamSchema output;
        private final CelExpression.Checked checked;
        private final CelColumns.RowResolver resolver;
        private final String blamed;

        Bound(StreamSchema output, CelExpression.Checked checked, CelColumns.RowResolver resolver, String blamed) {
            this.output = output;
            this.checked = checked;
            this.resolver = resolver;
            this.blamed = blamed;
        }

        @Override
        public StreamSchema output() {
            return output;
        }

        @Override
        public Object[] apply(Object[] row) {
            Object value = checked.eval(resolver, row, blamed, "filter", expression.text());
            if (value instanceof Boolean keep) {
                return keep ? row.clone() : null;
            }
            String what = value == null || value instanceof NullValue ? "null"
                    : "a " + value.getClass().getSimpleName() + " " + Shortened.quote(value);
            throw new RejectedValueException(blamed, "filter: the expression " + Shortened.quote(expression.text())
                    + " gave " + what + ", not true or false, so the row can be neither kept nor dropped");
        }
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;


/**
 * Replaces null with a given value; other values pass unchanged. The value is written as text, as
 * in the pipeline's file, and read for the column's type when bound, with the strict rules of this
 * package ({@code 0} for an INTEGER, {@code 2024-01-01} for a DATE, {@code true} for a BOOLEAN,
 * {@code 9.99} for a DECIMAL(10,2)): a text that is not exactly such a value (too many decimals, a
 * date that does not exist, a text longer than a STRING column) is a
 * {@link TransformDefinitionException}, found before any row is read. Any type but BINARY.
 *
 * <p>The output column is the input's, not nullable. Immutable and thread-safe.
 *
 * @param text the value, as text; never null (a default of null would change nothing)
 */
public record DefaultValue(String text) implements ValueTransform {

    public DefaultValue {
        if (text == null) {
            throw new TransformDefinitionException("default: a value is needed; null would change nothing");
        }
    }

    @Override
    public BoundValueTransform bind(Column input) {
        if (input.type() == ColumnType.BINARY) {
            throw new TransformDefinitionException("default takes columns of any type but BINARY; column "
                    + input.name() + " is BINARY");
        }
        Object value;
        try {
            value = ValueText.parse(input.type(), text, input.precision(), input.scale());
        } catch (Refusal refusal) {
            throw new TransformDefinitionException("default " + Shortened.quote(text) + " for column " + input.name()
                    + " (" + describe(input) + "): " + refusal.getMessage());
        }
        return new Bound(input, input.withNullable(false), java.util.function.UnaryOperator.identity(), value);
    }

    @Override
    public String name() {
        return "default";
    }

    static String describe(Column column) {
        return switch (column.type()) {
            case DECIMAL -> column.precision() > 0 ? "DECIMAL(" + column.precision() + "," + column.scale() + ")" : "DECIMAL";
            case STRING -> column.precision() > 0 ? "STRING(" + column.precision() + ")" : "STRING";
            default -> column.type().name();
        };
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;

import java.util.function.UnaryOperator;

/**
 * The bound form shared by this package's transforms: an output column and a function of one
 * non-null value. Null stays null unless {@code nullValue} says otherwise. A {@link Refusal}
 * becomes a rejection naming the input column.
 */
record Bound(Column input, Column output, UnaryOperator<Object> function, Object nullValue)
        implements BoundValueTransform {

    static Bound of(Column input, Column output, UnaryOperator<Object> function) {
        return new Bound(input, output, function, null);
    }

    @Override
    public Object apply(Object value) {
        if (value == null) {
            return nullValue;
        }
        try {
            return function.apply(value);
        } catch (Refusal refusal) {
            throw new RejectedValueException(input.name(), refusal.getMessage());
        }
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.ValueTransform;

import java.util.Locale;

/**
 * Lower-cases STRING and TEXT values with the rules of {@link Locale#ROOT} (the same result on every
 * machine); other types are refused when bound. A value that grows past a STRING column's length
 * ({@code İ} becomes {@code i} and a combining dot) is rejected. Null stays null. Immutable and
 * thread-safe.
 */
public record LowerCase() implements ValueTransform {

    @Override
    public BoundValueTransform bind(Column input) {
        return CaseChange.bind(name(), input, text -> text.toLowerCase(Locale.ROOT));
    }

    @Override
    public String name() {
        return "lower";
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.ValueTransform;

import java.util.Locale;

/**
 * Upper-cases STRING and TEXT values with the rules of {@link Locale#ROOT} (no Turkish dotless i,
 * the same result on every machine); other types are refused when bound. A value that grows past a
 * STRING column's length ({@code ß} becomes {@code SS}) is rejected. Null stays null. Immutable and
 * thread-safe.
 */
public record UpperCase() implements ValueTransform {

    @Override
    public BoundValueTransform bind(Column input) {
        return CaseChange.bind(name(), input, text -> text.toUpperCase(Locale.ROOT));
    }

    @Override
    public String name() {
        return "upper";
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;

import java.util.function.UnaryOperator;

/**
 * Upper or lower case in {@link java.util.Locale#ROOT}, the same on every machine. A few letters
 * change length ({@code ß} upper-cased is {@code SS}); a value that grows past a STRING column's
 * length is rejected rather than left for the destination to cut.
 */
final class CaseChange {

    private CaseChange() {
    }

    static BoundValueTransform bind(String name, Column input, UnaryOperator<String> change) {
        Inputs.require(name, input, Inputs.TEXT);
        return Bound.of(input, input, value -> {
            String changed = change.apply((String) value);
            if (input.precision() > 0 && Inputs.length(changed) > input.precision()) {
                throw new Refusal(Shortened.quote(value) + " in " + (name.equals("upper") ? "upper" : "lower")
                        + " case is " + Shortened.quote(changed) + ", " + Inputs.length(changed)
                        + " characters, more than the column's " + input.precision());
            }
            return changed;
        });
    }
}

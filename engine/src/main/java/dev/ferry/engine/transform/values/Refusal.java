package dev.ferry.engine.transform.values;

/**
 * Why one value cannot be converted, thrown by the shared conversions of this package and turned
 * into a {@link dev.ferry.api.RejectedValueException} (at run time) or a
 * {@link dev.ferry.engine.transform.TransformDefinitionException} (for values given in a definition)
 * by the caller, who knows the column. Cheap: no stack trace, since a bad row is an expected event.
 */
final class Refusal extends RuntimeException {

    Refusal(String reason) {
        super(reason, null, false, false);
    }
}

package dev.ferry.engine.transform.identity;

/** The outcome of checking one non-null text value: its normalised form, or why it has none. */
sealed interface Check {

    static Check valid(String normalised) {
        return new Valid(normalised);
    }

    static Check invalid(String reason) {
        return new Invalid(reason);
    }

    record Valid(String normalised) implements Check {
    }

    /** {@code reason} names the value (through {@code Shortened.quote}) and the rule it breaks. */
    record Invalid(String reason) implements Check {
    }
}

package dev.ferry.engine.transform;

import dev.ferry.api.Column;

/**
 * A {@link ValueTransform} planned for one column. Called by one thread at a time.
 */
public interface BoundValueTransform {

    /**
     * The column written in place of the input: its name stays, its type, nullability, precision
     * and scale follow what this transform produces (a cast to an integer gives an integer column).
     */
    Column output();

    /**
     * The transformed value: an instance of {@code output().type().javaType()}, or null.
     *
     * @param value the input column's value, of its type's Java class, or null
     * @throws dev.ferry.api.RejectedValueException naming the column and why the value cannot be
     *                                              transformed (its text shortened, never a secret)
     */
    Object apply(Object value);
}

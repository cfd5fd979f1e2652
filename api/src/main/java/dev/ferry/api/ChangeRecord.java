package dev.ferry.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One change to one row. Values are positional: {@code values[i]} belongs to
 * {@code schema.columns().get(i)} and is null or an instance of that column type's
 * {@link ColumnType#javaType()}.
 *
 * <p>The array is not copied, for speed on the hot path: whoever builds a record hands the array
 * over and must not change it afterwards.
 */
public final class ChangeRecord {
    private final Operation operation;
    private final Object[] values;

    private ChangeRecord(Operation operation, Object[] values) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.values = Objects.requireNonNull(values, "values");
    }

    public static ChangeRecord upsert(Object[] values) {
        return new ChangeRecord(Operation.UPSERT, values);
    }

    public static ChangeRecord delete(Object[] values) {
        return new ChangeRecord(Operation.DELETE, values);
    }

    public Operation operation() {
        return operation;
    }

    /** The value at {@code index}; may be null. */
    public Object value(int index) {
        return values[index];
    }

    public int size() {
        return values.length;
    }

    /**
     * Roughly how much memory the values hold: 16 bytes for each value, plus the characters of
     * text and the bytes of binary values. Batches are closed and bounded by this, so that a row of
     * 50 MB values counts as what it is and not as one row among thousands.
     */
    public static long estimatedBytes(Object[] values) {
        long bytes = 16L * values.length;
        for (Object value : values) {
            if (value instanceof String text) {
                bytes += text.length();
            } else if (value instanceof byte[] binary) {
                bytes += binary.length;
            }
        }
        return bytes;
    }

    /** {@link #estimatedBytes(Object[])} of this record's values. */
    public long estimatedBytes() {
        return estimatedBytes(values);
    }

    /** The backing array; callers must treat it as read-only. */
    public Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChangeRecord that
                && operation == that.operation
                && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * operation.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return operation + Arrays.deepToString(values);
    }
}

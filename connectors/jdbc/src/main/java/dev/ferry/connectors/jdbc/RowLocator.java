package dev.ferry.connectors.jdbc;

import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

/**
 * Names the row of a value that a write refuses. Value converters throw a
 * {@link RejectedValueException} that names only the column; each write path catches it once, where
 * it still holds the row, and rethrows it {@linkplain #at located} at the table and the row's key.
 *
 * @param table  the destination table as messages name it; never null
 * @param schema the schema of the rows written, whose key identifies a row; never null
 */
public record RowLocator(String table, StreamSchema schema) {

    /** {@code rejection} located at {@code row} (values in {@link #schema}'s order); unchanged when already located. */
    public RejectedValueException at(RejectedValueException rejection, Object[] row) {
        return rejection.isLocated() ? rejection : rejection.locatedAt(table, schema.describeKey(row));
    }
}

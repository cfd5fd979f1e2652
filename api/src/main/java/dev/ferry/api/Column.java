package dev.ferry.api;

import java.util.Objects;

/**
 * One column of a stream.
 *
 * @param name      the column's name as the connector spells it; never null or blank
 * @param type      the engine-neutral type; never null
 * @param nullable  whether null values may occur
 * @param precision for {@link ColumnType#DECIMAL} the total digits, for {@link ColumnType#STRING}
 *                  and {@link ColumnType#BINARY} the maximum length; 0 when unknown or unbounded
 * @param scale     for {@link ColumnType#DECIMAL} the digits after the point, otherwise 0
 */
public record Column(String name, ColumnType type, boolean nullable, int precision, int scale) {

    public Column {
        Objects.requireNonNull(name, "column name");
        Objects.requireNonNull(type, "column type of " + name);
        if (name.isBlank()) {
            throw new IllegalArgumentException("Column name is blank");
        }
        if (precision < 0 || scale < 0) {
            throw new IllegalArgumentException("Column " + name + ": precision and scale must be >= 0");
        }
    }

    /** A nullable column with no precision or scale. */
    public static Column of(String name, ColumnType type) {
        return new Column(name, type, true, 0, 0);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, precision, scale);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, precision, scale);
    }
}

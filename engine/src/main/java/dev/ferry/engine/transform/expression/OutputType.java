package dev.ferry.engine.transform.expression;

import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.util.Objects;

/**
 * The column type a computed column is declared with, when the one its expression's type gives is
 * not the one wanted (an {@code int} result written as {@code INTEGER}, a {@code string} result as
 * {@code DECIMAL(14,2)}). Immutable.
 *
 * @param type      the column type; never null
 * @param precision for DECIMAL the total digits, for STRING and BINARY the maximum length; 0 when
 *                  unbounded. A value beyond it is rejected, never cut
 * @param scale     for DECIMAL the digits after the point (a value with more is rejected, never
 *                  rounded); otherwise 0
 */
public record OutputType(ColumnType type, int precision, int scale) {

    public OutputType {
        if (type == null) {
            throw new TransformDefinitionException("compute: the declared type is missing; give one of "
                    + java.util.Arrays.toString(ColumnType.values()));
        }
        if (precision < 0 || scale < 0) {
            throw new TransformDefinitionException("compute: precision and scale must be 0 or more, not "
                    + precision + " and " + scale);
        }
        if (scale > 0 && type != ColumnType.DECIMAL) {
            throw new TransformDefinitionException("compute: a scale is for DECIMAL only, not " + type);
        }
        if (precision > 0 && type != ColumnType.DECIMAL && type != ColumnType.STRING && type != ColumnType.BINARY) {
            throw new TransformDefinitionException("compute: a precision (length) is for DECIMAL, STRING and"
                    + " BINARY only, not " + type);
        }
        if (type == ColumnType.DECIMAL && precision > 0 && scale > precision) {
            throw new TransformDefinitionException("compute: DECIMAL(" + precision + "," + scale
                    + ") has a scale larger than its precision");
        }
    }

    /** The type without precision or scale. */
    public static OutputType of(ColumnType type) {
        return new OutputType(Objects.requireNonNull(type, "type"), 0, 0);
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.engine.transform.Shortened;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Exact conversions between number types, all through a number's decimal value. A float's decimal
 * value is its shortest decimal form ({@link Double#toString}, {@link Float#toString}: 0.1, not
 * 0.1000000000000000055511151231257827), the number a person wrote and a database prints; a
 * number becomes a float only when that float's shortest form is the same number.
 */
final class Numbers {
    /** Plain or scientific decimal notation; no spaces, no thousands separators, no hex. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    /** Beyond this exponent no column type holds the number, and expanding it would take memory. */
    private static final int MAX_EXPONENT = 1000;

    private Numbers() {
    }

    /** The number a text writes, exactly. */
    static BigDecimal parse(String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new Refusal(Shortened.quote(text) + " is not a number (digits with an optional sign, point"
                    + " and exponent, such as -12.50 or 1.5e3; no spaces or thousands separators)");
        }
        BigDecimal number = new BigDecimal(text);
        if (Math.abs((long) number.precision() - number.scale()) > MAX_EXPONENT) {
            throw new Refusal(Shortened.quote(text) + " is out of the range of every number type");
        }
        return number;
    }

    /** The decimal value of a number of any number type; non-finite values have none. */
    static BigDecimal decimalValue(Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal;
            case Short number -> BigDecimal.valueOf(number);
            case Integer number -> BigDecimal.valueOf(number);
            case Long number -> BigDecimal.valueOf(number);
            case Float number when Float.isFinite(number) -> shortest(new BigDecimal(Float.toString(number)));
            case Double number when Double.isFinite(number) -> shortest(BigDecimal.valueOf(number));
            default -> throw new Refusal(Shortened.quote(value) + " is not a finite number, so it has no exact "
                    + "value of this type");
        };
    }

    /** Without the trailing zeros of Java's float text ({@code 100.0} is 100, {@code 1.0E-5} is 0.00001). */
    private static BigDecimal shortest(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
    }

    /** {@code number} as a value of {@code type} with the given precision and scale, or a refusal. */
    static Object convert(BigDecimal number, ColumnType type, int precision, int scale) {
        return switch (type) {
            case SMALLINT -> (short) whole(number, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> (int) whole(number, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> whole(number, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case DECIMAL -> fit(number, precision, scale);
            case FLOAT -> {
                float result = number.floatValue();
                if (!Float.isFinite(result) || new BigDecimal(Float.toString(result)).compareTo(number) != 0) {
                    throw new Refusal(Shortened.quote(number.toPlainString()) + " has no exact FLOAT form"
                            + (Float.isFinite(result) ? " (the nearest is " + result + ")" : " (out of range)"));
                }
                yield result;
            }
            case DOUBLE -> {
                double result = number.doubleValue();
                if (!Double.isFinite(result) || BigDecimal.valueOf(result).compareTo(number) != 0) {
                    throw new Refusal(Shortened.quote(number.toPlainString()) + " has no exact DOUBLE form"
                            + (Double.isFinite(result) ? " (the nearest is " + result + ")" : " (out of range)"));
                }
                yield result;
            }
            default -> throw new IllegalArgumentException("not a number type: " + type);
        };
    }

    private static long whole(BigDecimal number, ColumnType type, long min, long max) {
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw new Refusal(Shortened.quote(number.toPlainString()) + " is not a whole number, so it is not an "
                    + type + " (round it explicitly if that is meant)");
        }
        try {
            long result = number.longValueExact();
            if (result >= min && result <= max) {
                return result;
            }
        } catch (ArithmeticException beyondLong) {
            // reported below, with the range
        }
        throw new Refusal(Shortened.quote(number.toPlainString()) + " is beyond the " + type + " range (" + min
                + " to " + max + ")");
    }

    /**
     * {@code number} at the scale of a DECIMAL(precision, scale) column, or a refusal when that needs
     * rounding or more digits. Precision 0 is an unbounded column: the number is kept as written (a
     * negative scale, as in 1E+3, becomes 0).
     */
    static BigDecimal fit(BigDecimal number, int precision, int scale) {
        if (precision == 0) {
            return number.scale() < 0 ? number.setScale(0, RoundingMode.UNNECESSARY) : number;
        }
        BigDecimal scaled;
        try {
            scaled = number.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException rounding) {
            throw new Refusal(Shortened.quote(number.toPlainString()) + " needs rounding to fit DECIMAL(" + precision
                    + "," + scale + ") (" + scale + " digits after the point)");
        }
        if (scaled.precision() > precision) {
            throw new Refusal(Shortened.quote(number.toPlainString()) + " has more digits than DECIMAL(" + precision
                    + "," + scale + ") holds (at most " + (precision - scale) + " before the point)");
        }
        return scaled;
    }

    /** A DECIMAL value (a BigDecimal or a {@link NonFiniteDecimal}) as a float type, exactly. */
    static Object toFloat(Object value, ColumnType type) {
        if (value instanceof NonFiniteDecimal nonFinite) {
            double result = switch (nonFinite) {
                case NAN -> Double.NaN;
                case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
                case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
            };
            return type == ColumnType.FLOAT ? (Object) (float) result : (Object) result;
        }
        return convert(decimalValue(value), type, 0, 0);
    }
}

package dev.ferry.connectors.jdbc;

import java.math.BigDecimal;

/**
 * The precision and scale of a destination's decimal column, and whether a value fits it as it is.
 * Databases round digits beyond the scale without an error (MariaDB notes it, SQL Server says
 * nothing), so a writer checks each value first and refuses what would be rounded or overflow.
 *
 * @param precision all digits the column holds
 * @param scale     the digits after the point
 */
public record DecimalShape(int precision, int scale) {

    /**
     * Whether {@code value} is stored unchanged: at most {@link #scale} digits after the point
     * (trailing zeros aside) and at most {@code precision - scale} before it.
     */
    public boolean holds(BigDecimal value) {
        BigDecimal digits = value.scale() > scale ? value.stripTrailingZeros() : value;
        return digits.scale() <= scale && digits.precision() - digits.scale() <= precision - scale;
    }

    @Override
    public String toString() {
        return "decimal(" + precision + "," + scale + ")";
    }
}

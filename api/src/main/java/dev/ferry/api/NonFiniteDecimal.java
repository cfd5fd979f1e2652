package dev.ferry.api;

/**
 * The values a {@link ColumnType#DECIMAL} column may hold besides a {@link java.math.BigDecimal}:
 * PostgreSQL's {@code numeric} has NaN and, from version 14, infinities. A source that reads them
 * carries them as these constants, so they arrive exactly where a destination can hold them
 * (PostgreSQL) and fail with a {@link RejectedValueException} everywhere else.
 */
public enum NonFiniteDecimal {
    NAN("NaN"),
    POSITIVE_INFINITY("Infinity"),
    NEGATIVE_INFINITY("-Infinity");

    private final String text;

    NonFiniteDecimal(String text) {
        this.text = text;
    }

    /** PostgreSQL's spelling, which is also Java's: {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    public String text() {
        return text;
    }

    /** The constant PostgreSQL's text form stands for, or null when {@code text} is a finite number. */
    public static NonFiniteDecimal parse(String text) {
        for (NonFiniteDecimal value : values()) {
            if (value.text.equalsIgnoreCase(text)) {
                return value;
            }
        }
        return "+Infinity".equalsIgnoreCase(text) || "inf".equalsIgnoreCase(text) ? POSITIVE_INFINITY
                : "-inf".equalsIgnoreCase(text) ? NEGATIVE_INFINITY : null;
    }

    @Override
    public String toString() {
        return text;
    }
}

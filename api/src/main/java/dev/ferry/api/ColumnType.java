package dev.ferry.api;

/**
 * Engine-neutral column types. Each type names the single Java class its values take in a
 * {@link ChangeRecord}, so every connector agrees on what it reads and writes.
 *
 * <p>Values at the edges of what databases hold, carried so that they arrive exactly or fail:
 * <ul>
 *   <li>PostgreSQL's {@code infinity} and {@code -infinity} of dates and timestamps are the type's
 *       {@code MAX} and {@code MIN} ({@code LocalDate.MAX}, {@code LocalDateTime.MIN},
 *       {@code OffsetDateTime.MAX}, ...), as pgjdbc reads them; no database holds a real value there.</li>
 *   <li>Dates before the common era have years of zero or less (proleptic ISO: 44 BC is year -43).</li>
 *   <li>{@link #DECIMAL} columns may hold a {@link NonFiniteDecimal} instead of a BigDecimal.</li>
 * </ul>
 * A destination that cannot hold such a value throws {@link RejectedValueException}; it never
 * stores something else.
 */
public enum ColumnType {
    /** {@link Boolean}. */
    BOOLEAN(Boolean.class),
    /** 16-bit integer, carried as {@link Short}. */
    SMALLINT(Short.class),
    /** 32-bit integer, {@link Integer}. */
    INTEGER(Integer.class),
    /** 64-bit integer, {@link Long}. */
    BIGINT(Long.class),
    /**
     * Exact decimal with the column's precision and scale, {@link java.math.BigDecimal}; or a
     * {@link NonFiniteDecimal} (NaN, infinities) where the source has them.
     */
    DECIMAL(java.math.BigDecimal.class),
    /** 32-bit IEEE float, {@link Float}. */
    FLOAT(Float.class),
    /** 64-bit IEEE float, {@link Double}. */
    DOUBLE(Double.class),
    /** Calendar date, {@link java.time.LocalDate}. */
    DATE(java.time.LocalDate.class),
    /** Time of day without zone, {@link java.time.LocalTime}. */
    TIME(java.time.LocalTime.class),
    /** Timestamp without time zone, {@link java.time.LocalDateTime}. */
    TIMESTAMP(java.time.LocalDateTime.class),
    /** An instant; carried as {@link java.time.OffsetDateTime}, compared as an instant. */
    TIMESTAMP_TZ(java.time.OffsetDateTime.class),
    /** Character data with a maximum length (the column's precision; 0 when unbounded), {@link String}. */
    STRING(String.class),
    /** Unbounded character data, {@link String}. */
    TEXT(String.class),
    /** Bytes, {@code byte[]}. */
    BINARY(byte[].class),
    /** A JSON document as its text, {@link String}. */
    JSON(String.class),
    /** {@link java.util.UUID}. */
    UUID(java.util.UUID.class);

    private final Class<?> javaType;

    ColumnType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /**
     * The class every non-null value of this type has in a {@link ChangeRecord}, except the
     * {@link NonFiniteDecimal} values of {@link #DECIMAL}.
     */
    public Class<?> javaType() {
        return javaType;
    }

    /** Whether {@code value} (not null) is a value of this type, {@link NonFiniteDecimal} included. */
    public boolean accepts(Object value) {
        return javaType.isInstance(value) || this == DECIMAL && value instanceof NonFiniteDecimal;
    }

    /** Whether values of this type have a natural order usable as an incremental cursor. */
    public boolean isOrderable() {
        return this != BINARY && this != JSON && this != BOOLEAN;
    }

    /** Whether values are points in time, so a look-back window is a {@link java.time.Duration}. */
    public boolean isTemporal() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMP_TZ || this == TIME;
    }

    /** Whether values are numbers, so a look-back window is an amount. */
    public boolean isNumeric() {
        return this == SMALLINT || this == INTEGER || this == BIGINT || this == DECIMAL
                || this == FLOAT || this == DOUBLE;
    }
}

package dev.ferry.api;

/**
 * Engine-neutral column types. Each type names the single Java class its values take in a
 * {@link ChangeRecord}, so every connector agrees on what it reads and writes.
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
    /** Exact decimal with the column's precision and scale, {@link java.math.BigDecimal}. */
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

    /** The class every non-null value of this type has in a {@link ChangeRecord}. */
    public Class<?> javaType() {
        return javaType;
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

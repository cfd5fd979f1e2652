package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.connectors.jdbc.BulkBuffer;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's binary COPY format: fixed-width numbers and times that the server
 * stores without parsing, and text without escapes. Only valid when every destination column has
 * exactly the type {@link #acceptsColumnType} expects for its values.
 */
final class BinaryCopyEncoder {
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final long EPOCH_2000_DAYS = 10_957;
    private static final long EPOCH_2000_SECONDS = EPOCH_2000_DAYS * 86_400;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000};

    /** The destination types (pg_type names) whose binary input reads each neutral type's values. */
    private static final Map<ColumnType, List<String>> BINARY_TYPES = Map.ofEntries(
            Map.entry(ColumnType.BOOLEAN, List.of("bool")),
            Map.entry(ColumnType.SMALLINT, List.of("int2")),
            Map.entry(ColumnType.INTEGER, List.of("int4")),
            Map.entry(ColumnType.BIGINT, List.of("int8")),
            Map.entry(ColumnType.DECIMAL, List.of("numeric")),
            Map.entry(ColumnType.FLOAT, List.of("float4")),
            Map.entry(ColumnType.DOUBLE, List.of("float8")),
            Map.entry(ColumnType.DATE, List.of("date")),
            Map.entry(ColumnType.TIME, List.of("time")),
            Map.entry(ColumnType.TIMESTAMP, List.of("timestamp")),
            Map.entry(ColumnType.TIMESTAMP_TZ, List.of("timestamptz")),
            Map.entry(ColumnType.STRING, List.of("varchar", "text", "bpchar")),
            Map.entry(ColumnType.TEXT, List.of("text", "varchar", "bpchar")),
            Map.entry(ColumnType.JSON, List.of("json", "text")),
            Map.entry(ColumnType.BINARY, List.of("bytea")),
            Map.entry(ColumnType.UUID, List.of("uuid")));

    /** The sign word of numeric's binary form for NaN and the infinities (PostgreSQL 14 and later for these). */
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_POSITIVE_INFINITY = 0xD000;
    private static final int NUMERIC_NEGATIVE_INFINITY = 0xF000;

    private final Column[] columns;

    BinaryCopyEncoder(List<Column> columns) {
        this.columns = columns.toArray(Column[]::new);
    }

    static boolean acceptsColumnType(ColumnType type, String pgTypeName) {
        return BINARY_TYPES.get(type).contains(pgTypeName);
    }

    void encode(Object[] row, BulkBuffer out) {
        out.putInt16(columns.length);
        for (int i = 0; i < columns.length; i++) {
            Object value = row[i];
            if (value == null) {
                out.putInt32(-1);
            } else {
                encodeValue(columns[i], value, out);
            }
        }
    }

    static void trailer(BulkBuffer out) {
        out.putInt16(-1);
    }

    private static void encodeValue(Column column, Object value, BulkBuffer out) {
        switch (column.type()) {
            case BOOLEAN -> {
                out.putInt32(1);
                out.put((Boolean) value ? (char) 1 : (char) 0);
            }
            case SMALLINT -> {
                out.putInt32(2);
                out.putInt16((Short) value);
            }
            case INTEGER -> {
                out.putInt32(4);
                out.putInt32((Integer) value);
            }
            case BIGINT -> {
                out.putInt32(8);
                out.putInt64((Long) value);
            }
            case FLOAT -> {
                out.putInt32(4);
                out.putInt32(Float.floatToRawIntBits((Float) value));
            }
            case DOUBLE -> {
                out.putInt32(8);
                out.putInt64(Double.doubleToRawLongBits((Double) value));
            }
            case DECIMAL -> {
                if (value instanceof NonFiniteDecimal special) {
                    nonFinite(special, out);
                } else {
                    numeric((BigDecimal) value, out);
                }
            }
            case DATE -> {
                out.putInt32(4);
                out.putInt32(days(PostgresLimits.date(column, (LocalDate) value)));
            }
            case TIME -> {
                out.putInt32(8);
                out.putInt64((((LocalTime) value).toNanoOfDay() + 500) / 1000);
            }
            case TIMESTAMP -> {
                out.putInt32(8);
                LocalDateTime timestamp = PostgresLimits.timestamp(column, (LocalDateTime) value);
                out.putInt64(timestamp.equals(LocalDateTime.MAX) ? Long.MAX_VALUE
                        : timestamp.equals(LocalDateTime.MIN) ? Long.MIN_VALUE
                        : micros(timestamp.toEpochSecond(ZoneOffset.UTC), timestamp.getNano()));
            }
            case TIMESTAMP_TZ -> {
                out.putInt32(8);
                OffsetDateTime timestamp = PostgresLimits.timestampTz(column, (OffsetDateTime) value);
                out.putInt64(timestamp.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE
                        : timestamp.equals(OffsetDateTime.MIN) ? Long.MIN_VALUE
                        : micros(timestamp.toEpochSecond(), timestamp.getNano()));
            }
            case STRING, TEXT, JSON -> out.putUtf8WithLength(PostgresLimits.text(column, (String) value));
            case BINARY -> {
                byte[] bytes = (byte[]) value;
                out.putInt32(bytes.length);
                out.putRaw(bytes);
            }
            case UUID -> {
                UUID uuid = (UUID) value;
                out.putInt32(16);
                out.putInt64(uuid.getMostSignificantBits());
                out.putInt64(uuid.getLeastSignificantBits());
            }
        }
    }

    /** Days since 2000-01-01; the largest and smallest int stand for 'infinity' and '-infinity'. */
    private static int days(LocalDate date) {
        if (date.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (date.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        return Math.toIntExact(date.toEpochDay() - EPOCH_2000_DAYS);
    }

    /** Microseconds since 2000-01-01, rounding nanoseconds as the server rounds text input. */
    private static long micros(long epochSecond, int nanos) {
        return (epochSecond - EPOCH_2000_SECONDS) * 1_000_000L + (nanos + 500) / 1000;
    }

    /** NaN or an infinity: no digits, only the sign word that names it. */
    private static void nonFinite(NonFiniteDecimal value, BulkBuffer out) {
        out.putInt32(8);
        out.putInt16(0);
        out.putInt16(0);
        out.putInt16(switch (value) {
            case NAN -> NUMERIC_NAN;
            case POSITIVE_INFINITY -> NUMERIC_POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> NUMERIC_NEGATIVE_INFINITY;
        });
        out.putInt16(0);
    }

    /**
     * A numeric as base-10,000 digits: digit count, weight of the first digit, sign, display scale,
     * digits. The scale is padded to a multiple of 4 so the digits split on group boundaries.
     */
    private static void numeric(BigDecimal value, BulkBuffer out) {
        int start = out.reserveLength();
        int displayScale = Math.max(value.scale(), 0);
        BigInteger unscaled = value.unscaledValue().abs();
        int scale = value.scale();
        if (scale < 0) {
            unscaled = unscaled.multiply(BigInteger.TEN.pow(-scale));
            scale = 0;
        }
        int pad = (4 - scale % 4) % 4;
        int fractionGroups = (scale + pad) / 4;
        int[] groups;
        int count;
        if (unscaled.bitLength() < 50) {
            long rest = unscaled.longValueExact() * POWERS_OF_TEN[pad];
            groups = new int[6];
            count = 0;
            while (rest != 0) {
                groups[count++] = (int) (rest % 10_000);
                rest /= 10_000;
            }
        } else {
            BigInteger rest = unscaled.multiply(BigInteger.valueOf(POWERS_OF_TEN[pad]));
            groups = new int[rest.bitLength() / 13 + 2];
            count = 0;
            while (rest.signum() != 0) {
                BigInteger[] division = rest.divideAndRemainder(TEN_THOUSAND);
                groups[count++] = division[1].intValue();
                rest = division[0];
            }
        }
        // groups[0] is the least significant; trailing zero groups are not sent
        int lowest = 0;
        while (lowest < count && groups[lowest] == 0) {
            lowest++;
        }
        int digits = count - lowest;
        int weight = digits == 0 ? 0 : count - 1 - fractionGroups;
        out.putInt16(digits);
        out.putInt16(weight);
        out.putInt16(value.signum() < 0 ? 0x4000 : 0);
        out.putInt16(displayScale);
        for (int i = count - 1; i >= lowest; i--) {
            out.putInt16(groups[i]);
        }
        out.fillLength(start);
    }
}

package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Reads PostgreSQL's binary COPY format into values of the neutral types. The query casts every
 * column to the one PostgreSQL type its neutral type is read from ({@link #castFor}), so each
 * field's layout is known without asking the server.
 */
final class BinaryCopyDecoder {
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** PostgreSQL counts dates and timestamps from 2000-01-01. */
    private static final long EPOCH_2000_DAYS = 10_957;
    private static final long EPOCH_2000_SECONDS = EPOCH_2000_DAYS * 86_400;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private final CopyChunks in;
    private final ColumnType[] types;
    private boolean headerRead;

    BinaryCopyDecoder(CopyChunks in, List<Column> columns) {
        this.in = in;
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    /** The PostgreSQL type a column of this neutral type is cast to in the COPY query. */
    static String castFor(ColumnType type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "int2";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            case DECIMAL -> "numeric";
            case FLOAT -> "float4";
            case DOUBLE -> "float8";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMP_TZ -> "timestamptz";
            // Text as the server prints it: also for json, jsonb and types with no neutral equivalent.
            case STRING, TEXT, JSON -> "text";
            case BINARY -> "bytea";
            case UUID -> "uuid";
        };
    }

    /** The next row's values, or null after the last row. */
    Object[] next() throws IOException {
        if (!headerRead) {
            readHeader();
            headerRead = true;
        }
        if (!in.hasMore()) {
            return null;
        }
        short fields = in.readShort();
        if (fields == -1) {
            return null;
        }
        if (fields != types.length) {
            throw new IOException("COPY row has " + fields + " fields, expected " + types.length);
        }
        Object[] row = new Object[fields];
        for (int i = 0; i < fields; i++) {
            int length = in.readInt();
            row[i] = length < 0 ? null : value(types[i], length);
        }
        return row;
    }

    private void readHeader() throws IOException {
        if (!Arrays.equals(in.readBytes(SIGNATURE.length), SIGNATURE)) {
            throw new IOException("not a binary COPY stream");
        }
        in.readInt(); // flags: bit 16 (OIDs included) is never set for a query
        in.skip(in.readInt());
    }

    private Object value(ColumnType type, int length) throws IOException {
        return switch (type) {
            case BOOLEAN -> in.readByte() != 0;
            case SMALLINT -> in.readShort();
            case INTEGER -> in.readInt();
            case BIGINT -> in.readLong();
            case DECIMAL -> numeric();
            case FLOAT -> Float.intBitsToFloat(in.readInt());
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case DATE -> date(in.readInt());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong() * 1_000);
            case TIMESTAMP -> timestamp(in.readLong());
            case TIMESTAMP_TZ -> {
                LocalDateTime utc = timestamp(in.readLong());
                yield utc == LocalDateTime.MAX ? OffsetDateTime.MAX
                        : utc == LocalDateTime.MIN ? OffsetDateTime.MIN : OffsetDateTime.of(utc, ZoneOffset.UTC);
            }
            case STRING, TEXT, JSON -> in.readUtf8(length);
            case BINARY -> in.readBytes(length);
            case UUID -> new UUID(in.readLong(), in.readLong());
        };
    }

    /** 'infinity' and '-infinity' read as the largest and smallest values, as the JDBC driver does. */
    private static LocalDate date(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(days + EPOCH_2000_DAYS);
    }

    private static LocalDateTime timestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
        return LocalDateTime.ofEpochSecond(seconds + EPOCH_2000_SECONDS, nanos, ZoneOffset.UTC);
    }

    /**
     * A numeric: digit count, weight of the first digit (in powers of 10,000), sign, display
     * scale, then base-10,000 digits. Digits beyond the display scale are always zero. The sign
     * words 0xC000, 0xD000 and 0xF000 stand for NaN, Infinity and -Infinity, which have no digits.
     */
    private Object numeric() throws IOException {
        int digits = in.readShort() & 0xffff;
        int weight = in.readShort();
        int sign = in.readShort() & 0xffff;
        int scale = in.readShort() & 0xffff;
        switch (sign) {
            case 0xC000 -> {
                return NonFiniteDecimal.NAN;
            }
            case 0xD000 -> {
                return NonFiniteDecimal.POSITIVE_INFINITY;
            }
            case 0xF000 -> {
                return NonFiniteDecimal.NEGATIVE_INFINITY;
            }
            default -> {
                // a finite number
            }
        }
        BigDecimal value;
        if (digits <= 4) {
            long unscaled = 0;
            for (int i = 0; i < digits; i++) {
                unscaled = unscaled * 10_000 + in.readShort();
            }
            value = BigDecimal.valueOf(unscaled, -4 * (weight - digits + 1));
        } else {
            BigInteger unscaled = BigInteger.ZERO;
            for (int i = 0; i < digits; i++) {
                unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(in.readShort()));
            }
            value = new BigDecimal(unscaled, -4 * (weight - digits + 1));
        }
        value = value.setScale(scale, RoundingMode.UNNECESSARY);
        return sign == 0x4000 ? value.negate() : value;
    }
}

package dev.ferry.engine.transform.expression;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.RowTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Adds a column holding a hash of chosen columns' values (all of them when none are chosen), in
 * lower-case hexadecimal: a fingerprint of the row's content, the same on every run and every JVM,
 * for spotting changed rows or matching rows without comparing every column.
 *
 * <p>The hash is of one byte string: for each chosen column, in the order chosen (the schema's order
 * when all), its value's canonical encoding. Every encoding starts with a tag byte for its family of
 * types, and those of variable length carry their length, so no two different rows give the same
 * bytes: {@code ("a", "bc")} and {@code ("ab", "c")} differ, and so do a null, an empty string and
 * the text {@code "null"}. Lengths and numbers are big-endian; lengths are 4 bytes.
 * <table>
 *   <caption>Canonical encodings (version 1)</caption>
 *   <tr><th>value</th><th>bytes</th></tr>
 *   <tr><td>null (any type)</td><td>{@code 'N'}</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@code 'B'}, then 1 for true or 0 for false</td></tr>
 *   <tr><td>SMALLINT, INTEGER, BIGINT</td><td>{@code 'I'}, the value as 8 bytes (two's complement), so
 *       widening a column's type keeps its hashes</td></tr>
 *   <tr><td>DECIMAL</td><td>{@code 'D'}, the scale (4 bytes) and the length and two's complement bytes of
 *       the unscaled value, after trailing zeros are stripped (1.50 and 1.5 are the same number);
 *       NaN, Infinity and -Infinity are {@code 'Q'} then 0, 1 or 2</td></tr>
 *   <tr><td>FLOAT, DOUBLE</td><td>{@code 'F'}, the IEEE 754 64-bit pattern of the value as a double
 *       (one pattern for every NaN)</td></tr>
 *   <tr><td>STRING, TEXT, JSON</td><td>{@code 'S'}, the length and bytes of its UTF-8 form (a string
 *       holding a lone surrogate, which has none, is rejected); JSON is hashed as its text</td></tr>
 *   <tr><td>BINARY</td><td>{@code 'X'}, the length and the bytes</td></tr>
 *   <tr><td>UUID</td><td>{@code 'U'}, its 16 bytes</td></tr>
 *   <tr><td>DATE</td><td>{@code 'd'}, the day count from 1970-01-01 (8 bytes)</td></tr>
 *   <tr><td>TIME</td><td>{@code 't'}, the nanosecond of the day (8 bytes)</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@code 'T'}, the seconds from 1970-01-01T00:00 read as UTC (8 bytes) and the
 *       nanosecond (4 bytes)</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>{@code 'Z'}, the instant's seconds from the epoch (8 bytes) and
 *       nanosecond (4 bytes): the same instant at another offset hashes the same</td></tr>
 * </table>
 * Column names are not hashed, so renaming a column keeps the hashes; changing the chosen columns
 * or their order changes them.
 *
 * <p>The hash column is a non-null STRING of the digest's length (64 characters for SHA-256) added
 * after the last column; its name must not be one of the input's. Immutable and thread-safe; each
 * bound instance is for one thread at a time.
 */
public final class ContentHash implements RowTransform {

    /** The digest. SHA-256 unless another is asked for. */
    public enum Algorithm {
        SHA_256("SHA-256", 64),
        SHA_512("SHA-512", 128);

        private final String javaName;
        private final int hexLength;

        Algorithm(String javaName, int hexLength) {
            this.javaName = javaName;
            this.hexLength = hexLength;
        }

        /** The name the JDK knows it by, such as {@code SHA-256}. */
        public String javaName() {
            return javaName;
        }

        /** The number of hexadecimal characters of a digest. */
        public int hexLength() {
            return hexLength;
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(javaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has " + javaName, e);
            }
        }
    }

    /**
     * What to hash.
     *
     * @param column    the name of the column to add, such as {@code row_hash}
     * @param columns   the columns to hash, in this order; null or empty for all, in the schema's order
     * @param algorithm the digest; null for SHA-256
     */
    public record Options(String column, List<String> columns, Algorithm algorithm) {
        public Options {
            if (column == null || column.isBlank()) {
                throw new TransformDefinitionException("hash: the column to add has no name; give one such as"
                        + " row_hash");
            }
            Set<String> seen = new HashSet<>();
            for (String name : columns == null ? List.<String>of() : columns) {
                if (name == null || name.isBlank()) {
                    throw new TransformDefinitionException("hash " + Shortened.quote(column)
                            + ": a column to hash has no name");
                }
                if (!seen.add(name)) {
                    throw new TransformDefinitionException("hash " + Shortened.quote(column) + ": column "
                            + Shortened.quote(name) + " is listed twice; list each column once");
                }
            }
            columns = columns == null ? List.of() : List.copyOf(columns);
            algorithm = algorithm == null ? Algorithm.SHA_256 : algorithm;
        }
    }

    private final Options options;

    public ContentHash(Options options) {
        this.options = options;
    }

    /** A SHA-256 hash of the given columns, or of all when none are given. */
    public static ContentHash of(String column, List<String> columns) {
        return new ContentHash(new Options(column, columns, null));
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "hash";
    }

    @Override
    public BoundRowTransform bind(StreamSchema input) {
        String owner = "hash " + Shortened.quote(options.column());
        if (input.indexOf(options.column()) >= 0) {
            throw new TransformDefinitionException(owner + ": the stream already has a column named "
                    + Shortened.quote(options.column()) + "; give the hash column another name");
        }
        List<String> chosen = options.columns().isEmpty() ? input.columnNames() : options.columns();
        int[] indexes = new int[chosen.size()];
        Column[] columns = new Column[chosen.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = input.indexOf(chosen.get(i));
            if (indexes[i] < 0) {
                throw new TransformDefinitionException(owner + ": the stream has no column "
                        + Shortened.quote(chosen.get(i)) + "; its columns are " + input.columnNames());
            }
            columns[i] = input.columns().get(indexes[i]);
        }
        List<Column> outputColumns = new ArrayList<>(input.columns());
        outputColumns.add(new Column(options.column(), ColumnType.STRING, false, options.algorithm().hexLength(), 0));
        StreamSchema output = new StreamSchema(input.name(), outputColumns, input.keyColumns());
        return new Bound(output, indexes, columns, options.algorithm().newDigest());
    }

    @Override
    public String toString() {
        return "hash " + options.column() + " = " + options.algorithm().javaName() + "("
                + (options.columns().isEmpty() ? "all columns" : String.join(", ", options.columns())) + ")";
    }

    private static final class Bound implements BoundRowTransform {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final StreamSchema output;
        private final int[] indexes;
        private final Column[] columns;
        private final MessageDigest digest;
        private final Encoder encoder = new Encoder();

        Bound(StreamSchema output, int[] indexes, Column[] columns, MessageDigest digest) {
            this.output = output;
            this.indexes = indexes;
            this.columns = columns;
            this.digest = digest;
        }

        @Override
        public StreamSchema output() {
            return output;
        }

        @Override
        public Object[] apply(Object[] row) {
            encoder.reset();
            for (int i = 0; i < indexes.length; i++) {
                encoder.value(columns[i], row[indexes[i]]);
            }
            digest.update(encoder.bytes, 0, encoder.length);
            byte[] hash = digest.digest();
            char[] hex = new char[hash.length * 2];
            for (int i = 0; i < hash.length; i++) {
                hex[2 * i] = HEX[(hash[i] >> 4) & 0xF];
                hex[2 * i + 1] = HEX[hash[i] & 0xF];
            }
            Object[] out = Arrays.copyOf(row, row.length + 1);
            out[row.length] = new String(hex);
            return out;
        }
    }

    /** The canonical encoding of values into one reusable buffer. */
    static final class Encoder {
        private byte[] bytes = new byte[256];
        private int length;

        void reset() {
            length = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        void value(Column column, Object value) {
            if (value == null) {
                put('N');
                return;
            }
            if (!column.type().accepts(value)) {
                throw new RejectedValueException(column.name(), "value " + Shortened.quote(value) + " is a "
                        + value.getClass().getSimpleName() + ", not a value of " + column.type() + ", so it cannot be hashed");
            }
            switch (column.type()) {
                case BOOLEAN -> {
                    put('B');
                    put((Boolean) value ? 1 : 0);
                }
                case SMALLINT, INTEGER, BIGINT -> {
                    put('I');
                    putLong(((Number) value).longValue());
                }
                case DECIMAL -> {
                    if (value instanceof NonFiniteDecimal nonFinite) {
                        put('Q');
                        put(switch (nonFinite) {
                            case NAN -> 0;
                            case POSITIVE_INFINITY -> 1;
                            case NEGATIVE_INFINITY -> 2;
                        });
                    } else {
                        BigDecimal decimal = ((BigDecimal) value).stripTrailingZeros();
                        byte[] unscaled = decimal.unscaledValue().toByteArray();
                        put('D');
                        putInt(decimal.scale());
                        putInt(unscaled.length);
                        putBytes(unscaled);
                    }
                }
                case FLOAT, DOUBLE -> {
                    put('F');
                    putLong(Double.doubleToLongBits(((Number) value).doubleValue()));
                }
                case STRING, TEXT, JSON -> {
                    put('S');
                    putUtf8(column, (String) value);
                }
                case BINARY -> {
                    byte[] data = (byte[]) value;
                    put('X');
                    putInt(data.length);
                    putBytes(data);
                }
                case UUID -> {
                    UUID uuid = (UUID) value;
                    put('U');
                    putLong(uuid.getMostSignificantBits());
                    putLong(uuid.getLeastSignificantBits());
                }
                case DATE -> {
                    put('d');
                    putLong(((LocalDate) value).toEpochDay());
                }
                case TIME -> {
                    put('t');
                    putLong(((LocalTime) value).toNanoOfDay());
                }
                case TIMESTAMP -> {
                    LocalDateTime time = (LocalDateTime) value;
                    put('T');
                    putLong(time.toEpochSecond(ZoneOffset.UTC));
                    putInt(time.getNano());
                }
                case TIMESTAMP_TZ -> {
                    OffsetDateTime time = (OffsetDateTime) value;
                    put('Z');
                    putLong(time.toEpochSecond());
                    putInt(time.getNano());
                }
            }
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        private void put(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        private void putInt(int v) {
            ensure(4);
            bytes[length++] = (byte) (v >>> 24);
            bytes[length++] = (byte) (v >>> 16);
            bytes[length++] = (byte) (v >>> 8);
            bytes[length++] = (byte) v;
        }

        private void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        private void putBytes(byte[] data) {
            ensure(data.length);
            System.arraycopy(data, 0, bytes, length, data.length);
            length += data.length;
        }

        /** The length then the UTF-8 bytes, written by hand: the JDK's encoders replace a lone surrogate. */
        private void putUtf8(Column column, String text) {
            int lengthAt = length;
            putInt(0);
            ensure(text.length() * 3);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    bytes[length++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[length++] = (byte) (0xC0 | c >> 6);
                    bytes[length++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 >= text.length()
                            || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        throw new RejectedValueException(column.name(), "value " + Shortened.quote(text)
                                + " holds a lone UTF-16 surrogate at index " + i
                                + ", which has no UTF-8 form, so it cannot be hashed");
                    }
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    bytes[length++] = (byte) (0xF0 | cp >> 18);
                    bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    bytes[length++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    bytes[length++] = (byte) (0xE0 | c >> 12);
                    bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                    bytes[length++] = (byte) (0x80 | c & 0x3F);
                }
            }
            int size = length - lengthAt - 4;
            bytes[lengthAt] = (byte) (size >>> 24);
            bytes[lengthAt + 1] = (byte) (size >>> 16);
            bytes[lengthAt + 2] = (byte) (size >>> 8);
            bytes[lengthAt + 3] = (byte) size;
        }
    }
}

package dev.ferry.connectors.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A growable byte buffer for bulk-load formats: tab-separated text with backslash escapes (the
 * shape of PostgreSQL's COPY text and MySQL's LOAD DATA), encoding UTF-8 and numbers by hand so
 * that no per-value strings are created, and big-endian binary fields (PostgreSQL's binary COPY).
 *
 * <p>With a {@link #spillTo spill}, a value larger than {@link #PIECE} is encoded in pieces and
 * handed to the spill as it goes (after whatever the buffer held), so a 50 MB value never sits
 * in the buffer whole, nor in a second copy as UTF-8 or hex.
 */
public final class BulkBuffer {
    /** Values whose encoding may exceed this many bytes go through the spill in pieces of about this size. */
    public static final int PIECE = 128 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int size;
    private Spill spill;

    /** Where the buffer's bytes go while a large value is encoded: the open COPY or LOAD DATA. */
    @FunctionalInterface
    public interface Spill {
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /**
     * A spill's failure, carried through the encoders (which throw no checked exceptions) to the
     * code that set the spill, which rethrows {@link #getCause()}.
     */
    public static final class SpillFailure extends RuntimeException {
        public SpillFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    public BulkBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    /** Large values are handed to {@code target} in pieces from now on; null keeps them in the buffer. */
    public void spillTo(Spill target) {
        this.spill = target;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    public void put(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
    }

    public void putNull() {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = 'N';
    }

    /** Text that needs no escaping and is pure ASCII (numbers, UUIDs, float names). */
    public void putAscii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /**
     * Any text, escaped for COPY and encoded as UTF-8. The JDK's encoder is an intrinsic (a plain
     * copy for ASCII text), far faster than encoding character by character; escapes are rare, so
     * the bytes are scanned for them and copied in runs.
     */
    public void putEscaped(String text) {
        if (isLarge(text.length() * 3L)) {
            for (int from = 0; from < text.length(); ) {
                int end = pieceEnd(text, from);
                putEscapedUtf8(text.substring(from, end).getBytes(StandardCharsets.UTF_8));
                spillIfFull();
                from = end;
            }
            return;
        }
        putEscapedUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    private void putEscapedUtf8(byte[] utf8) {
        ensure(utf8.length * 2);
        byte[] out = bytes;
        int at = size;
        int runStart = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            byte escaped = switch (b) {
                case '\\' -> (byte) '\\';
                case '\t' -> (byte) 't';
                case '\n' -> (byte) 'n';
                case '\r' -> (byte) 'r';
                default -> 0;
            };
            if (escaped != 0) {
                System.arraycopy(utf8, runStart, out, at, i - runStart);
                at += i - runStart;
                out[at++] = '\\';
                out[at++] = escaped;
                runStart = i + 1;
            }
        }
        System.arraycopy(utf8, runStart, out, at, utf8.length - runStart);
        size = at + utf8.length - runStart;
    }

    public void putLong(long value) {
        if (value == Long.MIN_VALUE) {
            putAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int digits = digits(value);
        int end = size + digits;
        for (int at = end - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        size = end;
    }

    private static int digits(long value) {
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    /** {@code value} as exactly {@code width} digits, zero padded; value is non-negative. */
    private void putPadded(int value, int width) {
        ensure(width);
        for (int at = size + width - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        size += width;
    }

    /** The bytes as lowercase hex digits. */
    public void putHex(byte[] value) {
        int step = isLarge(value.length * 2L) ? PIECE / 2 : value.length;
        for (int from = 0; from < value.length; from += step) {
            int end = Math.min(value.length, from + step);
            ensure((end - from) * 2);
            for (int i = from; i < end; i++) {
                byte b = value[i];
                bytes[size++] = HEX[(b >> 4) & 0xf];
                bytes[size++] = HEX[b & 0xf];
            }
            if (step < value.length) {
                spillIfFull();
            }
        }
    }

    public void putBytea(byte[] value) {
        ensure(3);
        // "\\x" in COPY text is the bytea escape "\x" with its backslash escaped.
        bytes[size++] = '\\';
        bytes[size++] = '\\';
        bytes[size++] = 'x';
        putHex(value);
    }

    /** The date without its era; years before 1 are written by {@link #putEra}. */
    public void putDate(LocalDate date) {
        int year = date.getYear();
        int displayYear = year > 0 ? year : 1 - year;
        if (displayYear > 9999) {
            putLong(displayYear);
        } else {
            putPadded(displayYear, 4);
        }
        put('-');
        putPadded(date.getMonthValue(), 2);
        put('-');
        putPadded(date.getDayOfMonth(), 2);
    }

    public void putTime(LocalTime time) {
        putPadded(time.getHour(), 2);
        put(':');
        putPadded(time.getMinute(), 2);
        put(':');
        putPadded(time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            put('.');
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            putPadded(nanos, width);
        }
    }

    public void putOffset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        put(seconds < 0 ? '-' : '+');
        seconds = Math.abs(seconds);
        putPadded(seconds / 3600, 2);
        put(':');
        putPadded((seconds / 60) % 60, 2);
        if (seconds % 60 != 0) {
            put(':');
            putPadded(seconds % 60, 2);
        }
    }

    /** PostgreSQL spells years before 1 AD as a positive year followed by BC. */
    public void putEra(LocalDate date) {
        if (date.getYear() <= 0) {
            putAscii(" BC");
        }
    }

    public void putInt16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    public void putInt32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    public void putInt64(long value) {
        putInt32((int) (value >>> 32));
        putInt32((int) value);
    }

    public void putRaw(byte[] value) {
        if (isLarge(value.length)) {
            // Straight from the value: the buffer's bytes first, then the value in pieces.
            spillAll();
            for (int from = 0; from < value.length; from += PIECE) {
                spill(value, from, Math.min(PIECE, value.length - from));
            }
            return;
        }
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /**
     * Text as its UTF-8 length (4 bytes, big-endian) and bytes, as binary COPY frames a field. A
     * large text is encoded twice in pieces, once to count its bytes and once to send them,
     * rather than copied whole.
     */
    public void putUtf8WithLength(String text) {
        if (!isLarge(text.length() * 3L)) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            putInt32(utf8.length);
            putRaw(utf8);
            return;
        }
        long length = 0;
        for (int from = 0; from < text.length(); ) {
            int end = pieceEnd(text, from);
            length += text.substring(from, end).getBytes(StandardCharsets.UTF_8).length;
            from = end;
        }
        putInt32(Math.toIntExact(length));
        for (int from = 0; from < text.length(); ) {
            int end = pieceEnd(text, from);
            byte[] piece = text.substring(from, end).getBytes(StandardCharsets.UTF_8);
            ensure(piece.length);
            System.arraycopy(piece, 0, bytes, size, piece.length);
            size += piece.length;
            spillIfFull();
            from = end;
        }
    }

    /** Whether a value of up to {@code encodedBytes} goes through the spill instead of the buffer. */
    private boolean isLarge(long encodedBytes) {
        return spill != null && encodedBytes > PIECE;
    }

    /** The end of a piece of text whose UTF-8 fits a {@link #PIECE}. */
    private static int pieceEnd(String text, int from) {
        return Utf8.pieceEnd(text, from, PIECE / 3);
    }

    private void spillIfFull() {
        if (size >= PIECE) {
            spillAll();
        }
    }

    private void spillAll() {
        if (size > 0) {
            spill(bytes, 0, size);
            size = 0;
        }
    }

    private void spill(byte[] source, int offset, int length) {
        try {
            spill.write(source, offset, length);
        } catch (SQLException e) {
            throw new SpillFailure(e);
        }
    }

    /** Reserves a 4-byte length to be filled by {@link #fillLength} once the value is written. */
    public int reserveLength() {
        putInt32(0);
        return size;
    }

    public void fillLength(int valueStart) {
        int length = size - valueStart;
        bytes[valueStart - 4] = (byte) (length >>> 24);
        bytes[valueStart - 3] = (byte) (length >>> 16);
        bytes[valueStart - 2] = (byte) (length >>> 8);
        bytes[valueStart - 1] = (byte) length;
    }
}

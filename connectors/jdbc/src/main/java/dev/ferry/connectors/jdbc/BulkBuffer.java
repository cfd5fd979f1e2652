package dev.ferry.connectors.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A growable byte buffer for bulk-load formats: tab-separated text with backslash escapes (the
 * shape of PostgreSQL's COPY text and MySQL's LOAD DATA), encoding UTF-8 and numbers by hand so
 * that no per-value strings are created, and big-endian binary fields (PostgreSQL's binary COPY).
 */
public final class BulkBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int size;

    public BulkBuffer(int capacity) {
        bytes = new byte[capacity];
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
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
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
        ensure(value.length * 2);
        for (byte b : value) {
            bytes[size++] = HEX[(b >> 4) & 0xf];
            bytes[size++] = HEX[b & 0xf];
        }
    }

    public void putBytea(byte[] value) {
        ensure(3 + value.length * 2);
        // "\\x" in COPY text is the bytea escape "\x" with its backslash escaped.
        bytes[size++] = '\\';
        bytes[size++] = '\\';
        bytes[size++] = 'x';
        for (byte b : value) {
            bytes[size++] = HEX[(b >> 4) & 0xf];
            bytes[size++] = HEX[b & 0xf];
        }
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
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
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

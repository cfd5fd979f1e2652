package dev.ferry.connectors.jdbc.postgres;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A growable byte buffer that writes values in PostgreSQL's COPY text format, encoding UTF-8 and
 * escapes by hand so that no per-value strings are created for numbers, dates and text.
 */
final class CopyTextBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int size;

    CopyTextBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    void put(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
    }

    void putNull() {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = 'N';
    }

    /** Text that needs no escaping and is pure ASCII (numbers, UUIDs, float names). */
    void putAscii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** Any text, escaped for COPY and encoded as UTF-8. */
    void putEscaped(String text) {
        int length = text.length();
        ensure(length * 3 + 2);
        byte[] out = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { out[at++] = '\\'; out[at++] = '\\'; }
                    case '\t' -> { out[at++] = '\\'; out[at++] = 't'; }
                    case '\n' -> { out[at++] = '\\'; out[at++] = 'n'; }
                    case '\r' -> { out[at++] = '\\'; out[at++] = 'r'; }
                    default -> out[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                out[at++] = (byte) (0xf0 | (code >> 18));
                out[at++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (code & 0x3f));
            } else {
                // A lone surrogate cannot be encoded; write U+FFFD as String.getBytes would.
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        size = at;
    }

    void putLong(long value) {
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

    void putBytea(byte[] value) {
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
    void putDate(LocalDate date) {
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

    void putTime(LocalTime time) {
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

    void putOffset(ZoneOffset offset) {
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
    void putEra(LocalDate date) {
        if (date.getYear() <= 0) {
            putAscii(" BC");
        }
    }
}

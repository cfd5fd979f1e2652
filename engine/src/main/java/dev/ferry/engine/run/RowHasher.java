package dev.ferry.engine.run;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Content hashes and row keys for hash-mode streams. A row's hash covers every written column, so
 * any change of any value (including to or from null) gives a new hash. Not thread-safe: one per
 * stream run.
 */
final class RowHasher {
    /** 128 bits of SHA-256: collisions are negligible at any realistic table size. */
    static final int HASH_BYTES = 16;
    /** Texts longer than this are hashed a piece at a time (see {@link #updateWithLargeText}). */
    private static final int LARGE_TEXT_CHARS = 1024 * 1024;
    private static final int PIECE_CHARS = 32 * 1024;

    private final MessageDigest digest;
    private final int[] keyIndexes;
    private final StringBuilder keyBuilder = new StringBuilder(64);
    private byte[] buffer = new byte[256];

    RowHasher(int[] keyIndexes) {
        this.keyIndexes = keyIndexes.clone();
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * The hash of all values, in column order: per value a 0 for null, else a 1, the length of its
     * canonical bytes (4 bytes, big-endian) and the bytes. Gathered first and digested at once,
     * which is several times faster than feeding the digest piece by piece.
     */
    byte[] contentHash(Object[] values) {
        int length = 0;
        for (Object value : values) {
            if (value == null) {
                buffer = ensure(buffer, length + 1);
                buffer[length++] = 0;
                continue;
            }
            if (value instanceof String text && text.length() > LARGE_TEXT_CHARS) {
                // what is gathered goes first, so the digest sees the bytes in column order
                digest.update(buffer, 0, length);
                length = 0;
                updateWithLargeText(text);
                continue;
            }
            byte[] bytes = canonicalBytes(value);
            buffer = ensure(buffer, length + 5 + bytes.length);
            buffer[length++] = 1;
            buffer[length++] = (byte) (bytes.length >>> 24);
            buffer[length++] = (byte) (bytes.length >>> 16);
            buffer[length++] = (byte) (bytes.length >>> 8);
            buffer[length++] = (byte) bytes.length;
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }
        digest.update(buffer, 0, length);
        return Arrays.copyOf(digest.digest(), HASH_BYTES);
    }

    private void updateWithLength(int length) {
        digest.update((byte) 1);
        digest.update((byte) (length >>> 24));
        digest.update((byte) (length >>> 16));
        digest.update((byte) (length >>> 8));
        digest.update((byte) length);
    }

    /**
     * The same bytes as for a short text, without its whole UTF-8 copy (whose encoding first
     * allocates three times the characters): once through the pieces to count the bytes, once to
     * hash them. Pieces never end between the halves of a surrogate pair, so they encode exactly as
     * the whole text.
     */
    private void updateWithLargeText(String text) {
        long length = 0;
        for (int from = 0; from < text.length(); from = pieceEnd(text, from)) {
            length += text.substring(from, pieceEnd(text, from)).getBytes(StandardCharsets.UTF_8).length;
        }
        updateWithLength(Math.toIntExact(length));
        for (int from = 0; from < text.length(); from = pieceEnd(text, from)) {
            digest.update(text.substring(from, pieceEnd(text, from)).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static int pieceEnd(String text, int from) {
        int end = Math.min(text.length(), from + PIECE_CHARS);
        return end < text.length() && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }

    private static byte[] ensure(byte[] buffer, int size) {
        return size <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
    }

    /**
     * The row's key as one string: each key value's length, a colon, then the value, so that no two
     * different keys give the same string whatever characters they hold.
     */
    String rowKey(Object[] values) {
        keyBuilder.setLength(0);
        for (int index : keyIndexes) {
            Object value = values[index];
            String text = value == null ? "" : canonicalText(value);
            keyBuilder.append(value == null ? -1 : text.length()).append(':').append(text);
        }
        return keyBuilder.toString();
    }

    private static byte[] canonicalBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return canonicalText(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String canonicalText(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }
}

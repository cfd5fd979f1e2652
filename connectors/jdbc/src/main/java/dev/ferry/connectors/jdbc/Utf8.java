package dev.ferry.connectors.jdbc;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 of large texts, encoded a piece at a time. {@link String#getBytes} first allocates room
 * for the worst case (twice or three times the characters) and then copies the result to its
 * size: for a 50 MB text that is 150 MB at once, more than a 256 MB heap has beside the text.
 */
public final class Utf8 {
    /** Characters encoded at a time: their UTF-8 is at most three times this. */
    public static final int PIECE_CHARS = 32 * 1024;

    private Utf8() {
    }

    /**
     * The end of the piece of {@code text} that starts at {@code from}: at most {@code maxChars}
     * characters, never between the two halves of a surrogate pair, so that the pieces encode
     * exactly as the whole text would.
     */
    public static int pieceEnd(String text, int from, int maxChars) {
        int end = Math.min(text.length(), from + maxChars);
        if (end < text.length() && end - from > 1 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** Exactly {@code text.getBytes(UTF_8)}, with no more memory than the result and one piece. */
    public static byte[] encode(String text) {
        long length = 0;
        for (int from = 0; from < text.length(); ) {
            int end = pieceEnd(text, from, PIECE_CHARS);
            length += text.substring(from, end).getBytes(StandardCharsets.UTF_8).length;
            from = end;
        }
        byte[] utf8 = new byte[Math.toIntExact(length)];
        int at = 0;
        for (int from = 0; from < text.length(); ) {
            int end = pieceEnd(text, from, PIECE_CHARS);
            byte[] piece = text.substring(from, end).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(piece, 0, utf8, at, piece.length);
            at += piece.length;
            from = end;
        }
        return utf8;
    }
}

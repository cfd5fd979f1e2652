package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.connectors.jdbc.Utf8;

import java.io.Reader;

/**
 * A large text handed to the driver as a character stream, so that the driver encodes it a few
 * thousand characters at a time into the statement it sends, instead of as one UTF-8 copy whose
 * worst-case allocation is three times the text. The driver encodes each read on its own, so no
 * read ends between the two halves of a surrogate pair: the pieces encode exactly as the whole.
 */
final class TextPieces extends Reader {
    private final String text;
    private int position;

    TextPieces(String text) {
        this.text = text;
    }

    @Override
    public int read(char[] target, int offset, int length) {
        if (position == text.length()) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int end = Utf8.pieceEnd(text, position, length);
        text.getChars(position, end, target, offset);
        int count = end - position;
        position = end;
        return count;
    }

    @Override
    public void close() {
    }
}

package dev.ferry.connectors.jdbc.postgres;

import org.postgresql.copy.CopyOut;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Big-endian fields read straight out of the messages of a COPY TO STDOUT. The server sends about
 * one message per row, so reads almost always find their bytes in the current message; only a
 * field split across messages is assembled in a new array.
 */
final class CopyChunks {
    private static final byte[] EMPTY = new byte[0];
    private final CopyOut copy;
    private byte[] chunk = EMPTY;
    private int position;
    private boolean ended;

    CopyChunks(CopyOut copy) {
        this.copy = copy;
    }

    /** Whether at least one more byte follows. */
    boolean hasMore() throws IOException {
        return available(1);
    }

    short readShort() throws IOException {
        require(2);
        int at = position;
        position += 2;
        return (short) (((chunk[at] & 0xff) << 8) | (chunk[at + 1] & 0xff));
    }

    int readInt() throws IOException {
        require(4);
        int at = position;
        position += 4;
        return ((chunk[at] & 0xff) << 24) | ((chunk[at + 1] & 0xff) << 16)
                | ((chunk[at + 2] & 0xff) << 8) | (chunk[at + 3] & 0xff);
    }

    long readLong() throws IOException {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    byte readByte() throws IOException {
        require(1);
        return chunk[position++];
    }

    byte[] readBytes(int length) throws IOException {
        require(length);
        byte[] bytes = Arrays.copyOfRange(chunk, position, position + length);
        position += length;
        return bytes;
    }

    String readUtf8(int length) throws IOException {
        require(length);
        String text = new String(chunk, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    /**
     * Drops a message read to its end, so a row's 50 MB message is not kept alive beside the values
     * decoded from it while their batch waits for the writer; called after each row.
     */
    void releaseIfRead() {
        if (position == chunk.length) {
            chunk = EMPTY;
            position = 0;
        }
    }

    void skip(int length) throws IOException {
        require(length);
        position += length;
    }

    private void require(int length) throws IOException {
        if (!available(length)) {
            throw new EOFException("COPY data ended inside a row");
        }
    }

    private boolean available(int length) throws IOException {
        if (chunk.length - position >= length) {
            return true;
        }
        byte[] combined = Arrays.copyOfRange(chunk, position, chunk.length);
        while (combined.length < length) {
            byte[] next = nextMessage();
            if (next == null) {
                chunk = combined;
                position = 0;
                return false;
            }
            if (combined.length == 0) {
                combined = next;
            } else {
                byte[] joined = Arrays.copyOf(combined, combined.length + next.length);
                System.arraycopy(next, 0, joined, combined.length, next.length);
                combined = joined;
            }
        }
        chunk = combined;
        position = 0;
        return true;
    }

    private byte[] nextMessage() throws IOException {
        if (ended) {
            return null;
        }
        try {
            byte[] next = copy.readFromCopy();
            if (next == null) {
                ended = true;
            }
            return next;
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}

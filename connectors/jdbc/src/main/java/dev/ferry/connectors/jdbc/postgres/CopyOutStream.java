package dev.ferry.connectors.jdbc.postgres;

import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;

/** The data of a COPY TO STDOUT as one byte stream, whatever the server's message boundaries. */
final class CopyOutStream extends InputStream {
    private final CopyOut copy;
    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;

    CopyOutStream(CopyOut copy) {
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, target, offset, count);
        position += count;
        return count;
    }

    private boolean fill() throws IOException {
        while (position >= chunk.length) {
            if (ended) {
                return false;
            }
            try {
                byte[] next = copy.readFromCopy();
                if (next == null) {
                    ended = true;
                    return false;
                }
                chunk = next;
                position = 0;
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return true;
    }
}

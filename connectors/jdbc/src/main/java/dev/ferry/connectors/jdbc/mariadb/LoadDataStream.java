package dev.ferry.connectors.jdbc.mariadb;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code LOAD DATA LOCAL INFILE} kept open across batches, as PostgreSQL's COPY is: a thread
 * runs the statement, whose "file" is the chunks the writer thread hands over, so the server
 * inserts rows while the next ones are read and encoded instead of waiting for each batch.
 *
 * <p>The connection belongs to the statement's thread from {@link #open} until {@link #finish}
 * or {@link #abort} returns; the writer thread only hands over bytes in between.
 */
final class LoadDataStream {
    /** Chunks in flight: enough to keep the server busy, few enough to bound memory (a few MB). */
    private static final int QUEUE_CAPACITY = 8;
    private static final byte[] END = new byte[0];

    private final Connection connection;
    private final String table;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread statementThread;
    private volatile SQLException failure;

    private LoadDataStream(Connection connection, String sql, String table) {
        this.connection = connection;
        this.table = table;
        this.statementThread = Thread.ofPlatform().name("ferry-load-data").daemon().start(() -> run(sql));
    }

    static LoadDataStream open(Connection connection, String sql, String table) {
        return new LoadDataStream(connection, sql, table);
    }

    private void run(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new ChunkStream());
            statement.execute(sql);
        } catch (SQLException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new SQLException("LOAD DATA into " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** Hands over a copy of {@code length} bytes from {@code offset}; waits while the server is behind. */
    void write(byte[] bytes, int offset, int length) throws SQLException {
        put(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Ends the load, waits for the server to insert everything, and fails on any warning. */
    void finish() throws SQLException {
        put(END);
        join();
        if (failure != null) {
            throw failure;
        }
        try (Statement statement = connection.createStatement()) {
            requireNoWarnings(statement, table);
        }
    }

    /**
     * Fails when the last LOAD DATA left warnings: LOCAL INFILE turns bad values into warnings
     * (the server cannot stop the client's stream midway), and a changed value must not pass.
     */
    static void requireNoWarnings(Statement statement, String table) throws SQLException {
        try (ResultSet warnings = statement.executeQuery("SHOW WARNINGS LIMIT 3")) {
            StringBuilder messages = new StringBuilder();
            while (warnings.next()) {
                messages.append(messages.isEmpty() ? "" : "; ").append(warnings.getString(3));
            }
            if (!messages.isEmpty()) {
                throw new SQLException("Rows refused by " + table + ": " + messages, "22000");
            }
        }
    }

    /** Ends the load early so the transaction can be rolled back; the rows it inserted go with it. Never throws. */
    void abort() {
        chunks.clear();
        chunks.offer(END);
        try {
            statementThread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(byte[] chunk) throws SQLException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (!statementThread.isAlive()) {
                    throw failure != null ? failure
                            : new SQLException("LOAD DATA into " + table + " ended before its rows were sent");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while loading " + table, e);
        }
    }

    private void join() throws SQLException {
        try {
            statementThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while loading " + table, e);
        }
    }

    /** The "file" the driver sends: the chunks in order, until the end marker. */
    private final class ChunkStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            while (!ended && position == current.length) {
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for rows", e);
                }
                position = 0;
                ended = current == END;
            }
            if (ended) {
                return -1;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, target, offset, count);
            position += count;
            return count;
        }
    }
}

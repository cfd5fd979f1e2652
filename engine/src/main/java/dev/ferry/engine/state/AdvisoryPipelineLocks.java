package dev.ferry.engine.state;

import dev.ferry.api.FerryException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Run locks of a PostgreSQL state store: a session-level advisory lock per pipeline, each on a
 * connection of its own that lives as long as the lock. The server drops the lock when that
 * session ends, so a killed process frees its pipeline as soon as its connection is gone.
 */
final class AdvisoryPipelineLocks implements PipelineLocks {
    private final Supplier<Connection> connect;
    private final String description;
    private final Set<Held> held = new HashSet<>();

    /**
     * @param connect     opens a new connection to the state database
     * @param description the state store, for error messages (no secrets)
     */
    AdvisoryPipelineLocks(Supplier<Connection> connect, String description) {
        this.connect = connect;
        this.description = description;
    }

    @Override
    public synchronized Optional<PipelineLock> tryLock(String pipeline) {
        long key = PipelineLocks.slot(pipeline);
        Connection connection = connect.get();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    closeQuietly(connection);
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new FerryException("State store " + description + " cannot lock pipeline " + pipeline + ": "
                    + e.getMessage(), e);
        }
        Held handle = new Held(pipeline, key, connection);
        held.add(handle);
        return Optional.of(handle);
    }

    @Override
    public synchronized void close() {
        for (Held handle : Set.copyOf(held)) {
            handle.close();
        }
    }

    private synchronized boolean forget(Held handle) {
        return held.remove(handle);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session ends either way, and its advisory locks with it
        }
    }

    private final class Held implements PipelineLock {
        private final String pipeline;
        private final long key;
        private final Connection connection;

        Held(String pipeline, long key, Connection connection) {
            this.pipeline = pipeline;
            this.key = key;
            this.connection = connection;
        }

        @Override
        public String pipeline() {
            return pipeline;
        }

        /**
         * Unlocks before closing: the server ends a closed session a moment later, and the lock
         * would outlive {@code close()} until then. Should the unlock fail, ending the session
         * still releases it.
         */
        @Override
        public void close() {
            if (!forget(this)) {
                return;
            }
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            } catch (SQLException ignored) {
                // the session is ending below, which releases the lock too
            } finally {
                closeQuietly(connection);
            }
        }
    }
}

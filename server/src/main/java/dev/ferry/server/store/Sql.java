package dev.ferry.server.store;

import dev.ferry.api.FerryException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small helpers for the server's short statements: bound values only, one connection per call, and
 * SQL failures turned into a {@link FerryException} that says what was being done.
 */
public final class Sql {
    private final ServerDatabase database;

    public Sql(ServerDatabase database) {
        this.database = database;
    }

    /** Reads the rows of {@code sql} with {@code values} bound in order. */
    public <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... values) {
        try (Connection connection = database.connection();
             PreparedStatement statement = prepare(connection, sql, values);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... values) {
        List<T> rows = query(what, sql, mapper, values);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs an insert, update or delete; returns the rows it changed. */
    public int update(String what, String sql, Object... values) {
        try (Connection connection = database.connection();
             PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction on one connection. */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private static FerryException failure(String what, SQLException e) {
        return new FerryException("Server store: cannot " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Which failures are refusals of a row's data: each case is the real error of a real database,
 * raised once by a single statement and once inside a JDBC batch, as the writers meet them.
 */
class SqlErrorsTest {
    @TempDir
    Path directory;

    private static final List<String> TABLES = List.of(
            "CREATE TABLE parents (id INTEGER NOT NULL PRIMARY KEY)",
            "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(5) NOT NULL, amount DECIMAL(5,2)"
                    + " CHECK (amount >= 0), n INTEGER, day DATE, note TEXT, parent INTEGER,"
                    + " FOREIGN KEY (parent) REFERENCES parents (id))",
            "CREATE UNIQUE INDEX t_code ON t (code)",
            "INSERT INTO parents (id) VALUES (1)",
            "INSERT INTO t (id, code) VALUES (1, 'a')");

    private static final String INSERT = "INSERT INTO t (id, code, amount, n, day, note, parent) VALUES (2, ?, ?, ?, ?, ?, ?)";

    static Stream<Arguments> failures() {
        return Stream.of(
                // PostgreSQL: SQLSTATE classes 22 and 23
                data("postgresql", "22003 numeric out of range", INSERT, "b", 1000, null, null, null, null),
                data("postgresql", "22001 string too long", INSERT, "toolong", null, null, null, null, null),
                // text converted by the server, as COPY's text format is
                data("postgresql", "22008 date out of range",
                        "INSERT INTO t (id, code, day) VALUES (2, 'b', CAST(CAST(? AS TEXT) AS DATE))", "2024-02-30"),
                data("postgresql", "22P02 invalid integer",
                        "INSERT INTO t (id, code, n) VALUES (2, 'b', CAST(CAST(? AS TEXT) AS INTEGER))", "x"),
                data("postgresql", "22021 NUL byte", INSERT, "b", null, null, null, "a\u0000b", null),
                data("postgresql", "23502 not null", INSERT, null, null, null, null, null, null),
                data("postgresql", "23505 unique", INSERT, "a", null, null, null, null, null),
                data("postgresql", "23514 check", INSERT, "b", -1, null, null, null, null),
                data("postgresql", "23503 foreign key", INSERT, "b", null, null, null, null, 7),
                other("postgresql", "42P01 missing table", "INSERT INTO nowhere (id) VALUES (?)", 1),
                other("postgresql", "42703 missing column", "INSERT INTO t (id, nothing) VALUES (2, ?)", 1),
                other("postgresql", "42601 syntax", "INSRT INTO t (id) VALUES (?)", 1),
                // MariaDB under the writers' sql_mode (strict for every table)
                data("mariadb", "1264 out of range", INSERT, "b", 1000, null, null, null, null),
                data("mariadb", "1406 too long", INSERT, "toolong", null, null, null, null, null),
                data("mariadb", "1292 incorrect date", INSERT, "b", null, null, "2024-02-30", null, null),
                data("mariadb", "1366 incorrect integer", INSERT, "b", null, "x", null, null, null),
                data("mariadb", "1048 not null", INSERT, null, null, null, null, null, null),
                data("mariadb", "1062 duplicate", INSERT, "a", null, null, null, null, null),
                data("mariadb", "4025 check", INSERT, "b", -1, null, null, null, null),
                data("mariadb", "1452 foreign key", INSERT, "b", null, null, null, null, 7),
                other("mariadb", "1146 missing table", "INSERT INTO nowhere (id) VALUES (?)", 1),
                other("mariadb", "1054 missing column", "INSERT INTO t (id, nothing) VALUES (2, ?)", 1),
                other("mariadb", "1064 syntax", "INSRT INTO t (id) VALUES (?)", 1),
                // SQLite: result codes, extended ones included
                data("sqlite", "SQLITE_CONSTRAINT_NOTNULL", INSERT, null, null, null, null, null, null),
                data("sqlite", "SQLITE_CONSTRAINT_UNIQUE", INSERT, "a", null, null, null, null, null),
                data("sqlite", "SQLITE_CONSTRAINT_CHECK", INSERT, "b", -1, null, null, null, null),
                data("sqlite", "SQLITE_CONSTRAINT_FOREIGNKEY", INSERT, "b", null, null, null, null, 7),
                data("sqlite", "SQLITE_MISMATCH on the rowid", "INSERT INTO t (id, code) VALUES (?, 'b')", "x"),
                other("sqlite", "missing table", "INSERT INTO nowhere (id) VALUES (?)", 1),
                other("sqlite", "syntax", "INSRT INTO t (id) VALUES (?)", 1));
    }

    private static Arguments data(String kind, String name, String sql, Object... parameters) {
        return Arguments.of(kind, name, sql, parameters, true);
    }

    private static Arguments other(String kind, String name, String sql, Object... parameters) {
        return Arguments.of(kind, name, sql, parameters, false);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("failures")
    void aRealFailureIsADataErrorExactlyWhenARowsValuesCausedIt(String kind, String name, String sql,
                                                                 Object[] parameters, boolean data) throws SQLException {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "errors");
        TestDatabases.execute(spec, TABLES.toArray(String[]::new));
        try (Connection connection = DriverManager.getConnection(spec.url())) {
            try (Statement statement = connection.createStatement()) {
                if (kind.equals("mariadb")) {
                    statement.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')");
                } else if (kind.equals("sqlite")) {
                    statement.execute("PRAGMA foreign_keys = ON");
                }
            }
            SQLException alone = catchThrowableOfType(SQLException.class, () -> {
                try (PreparedStatement statement = prepared(connection, sql, parameters)) {
                    statement.executeUpdate();
                }
            });
            SQLException inBatch = catchThrowableOfType(SQLException.class, () -> {
                try (PreparedStatement statement = prepared(connection, sql, parameters)) {
                    statement.addBatch();
                    statement.executeBatch();
                }
            });

            assertThat((Throwable) alone).as("the statement fails").isNotNull();
            assertThat(SqlErrors.isDataError(alone)).as(alone.toString()).isEqualTo(data);
            assertThat((Throwable) inBatch).as("the batch fails").isNotNull();
            assertThat(SqlErrors.isDataError(inBatch)).as(inBatch.toString()).isEqualTo(data);
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, Object[] parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    @Test
    void sqliteTooBigIsADataErrorAndBusyIsNot() {
        assertThat(SqlErrors.isDataError(new SQLiteException("string or blob too big", SQLiteErrorCode.SQLITE_TOOBIG)))
                .isTrue();
        assertThat(SqlErrors.isDataError(new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY)))
                .isFalse();
        assertThat(SqlErrors.isDataError(new SQLiteException("disk full", SQLiteErrorCode.SQLITE_FULL))).isFalse();
    }

    /** MariaDB errors about values whose SQLSTATE is the general HY000, or 01000 for a warning made an error. */
    @Test
    void mariaDbValueErrorsWithAGeneralStateAreDataErrorsByTheirNumber() {
        assertThat(SqlErrors.isDataError(new SQLException("Data truncated for column 'c' at row 1", "01000", 1265)))
                .isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("Incorrect integer value: 'x'", "HY000", 1366))).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("Invalid utf8mb4 character string", "HY000", 1300)))
                .isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isFalse();
        assertThat(SqlErrors.isDataError(new SQLException("The table 't' is full", "HY000", 1114))).isFalse();
    }

    /** The driver spells the SQLSTATE of most server errors S0001, so SQL Server's are told by number. */
    @Test
    void sqlServerValueErrorsAreDataErrorsByTheirNumber() throws ReflectiveOperationException {
        for (int number : List.of(220, 241, 245, 515, 547, 2601, 2627, 2628, 8114, 8115, 8152)) {
            assertThat(SqlErrors.isDataError(sqlServerError(number))).as("error " + number).isTrue();
        }
        for (int number : List.of(208, 207, 102, 1205, 9002)) {
            assertThat(SqlErrors.isDataError(sqlServerError(number))).as("error " + number).isFalse();
        }
    }

    /** The driver's own exception class, which it alone constructs. */
    private static SQLException sqlServerError(int number) throws ReflectiveOperationException {
        Constructor<com.microsoft.sqlserver.jdbc.SQLServerException> constructor =
                com.microsoft.sqlserver.jdbc.SQLServerException.class.getDeclaredConstructor(
                        String.class, String.class, int.class, Throwable.class);
        constructor.setAccessible(true);
        return constructor.newInstance("error " + number, "S0001", number, null);
    }

    @Test
    void aDataErrorBehindAWrapperOrChainedToABatchFailureIsFound() {
        SQLException refused = new SQLException("value too long", "22001");
        SQLException batch = new java.sql.BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(refused);
        assertThat(SqlErrors.isDataError(batch)).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("copy failed", refused))).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("connection reset", "08006"))).isFalse();
    }
}

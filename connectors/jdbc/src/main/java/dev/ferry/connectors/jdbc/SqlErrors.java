package dev.ferry.connectors.jdbc;

import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;
import dev.ferry.api.RowsRefusedException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Turns driver exceptions into Ferry's, retriable when trying again later may pass. */
public final class SqlErrors {

    /**
     * MariaDB errors about a row's values whose SQLSTATE is not of class 22 or 23 (HY000, or 01000
     * for warnings that strict mode turns into errors): 1265 data truncated, 1300 invalid character
     * string, 1364 no value for a NOT NULL column without default, 1366 incorrect value (22007 on
     * MariaDB, HY000 on MySQL), 1367 illegal double, 1690 value out of range in an expression,
     * 3819 MySQL's CHECK constraint.
     */
    private static final Set<Integer> MARIADB_DATA_ERRORS = Set.of(1265, 1300, 1364, 1366, 1367, 1690, 3819);
    /**
     * SQL Server errors about a row's values, whose SQLSTATE the driver spells S0001 and the like:
     * 220 and 8115 arithmetic overflow, 241 and 245 and 8114 conversion failed, 515 NULL into a NOT
     * NULL column, 547 CHECK or FOREIGN KEY, 2601 and 2627 duplicate key, 2628 and 8152 string or
     * binary data truncated.
     */
    private static final Set<Integer> SQL_SERVER_DATA_ERRORS = Set.of(220, 241, 245, 515, 547, 2601, 2627, 2628,
            8114, 8115, 8152);
    /** SQLite's primary result codes SQLITE_TOOBIG (18), SQLITE_CONSTRAINT (19) and SQLITE_MISMATCH (20). */
    private static final Set<Integer> SQLITE_DATA_ERRORS = Set.of(18, 19, 20);

    private SqlErrors() {
    }

    /**
     * The refusal of the rows of an isolated write, for an error {@link #isDataError} accepts: the
     * message is {@code what} followed by the driver's reason, which names the constraint, and the
     * key or the COPY line where the database gives them.
     */
    public static RowsRefusedException refused(String what, SQLException e) {
        return new RowsRefusedException(what + ": " + reason(e), e);
    }

    /**
     * Whether the database refused the data of a row, so that the same statement without that row
     * would pass: a value out of range or of the wrong form, a character it cannot store, a NOT
     * NULL, unique, CHECK or foreign-key constraint. False for everything else (a lost connection,
     * a missing table or column, a syntax error, a full disk), after which writing cannot go on.
     * The driver's exception, its causes and its chained exceptions (a failed JDBC batch) are all
     * looked at.
     */
    public static boolean isDataError(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException failure) {
                for (SQLException next = failure; next != null; next = next.getNextException()) {
                    if (refusesData(next)) {
                        return true;
                    }
                    if (next.getNextException() == next) {
                        break;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean refusesData(SQLException e) {
        String driver = e.getClass().getName();
        if (driver.startsWith("org.sqlite")) {
            // SQLite gives no SQLSTATE; its error code is the primary result code, extended codes
            // such as SQLITE_CONSTRAINT_NOTNULL (1299) having it in their low byte.
            return SQLITE_DATA_ERRORS.contains(e.getErrorCode() & 0xff);
        }
        if (driver.startsWith("com.microsoft.sqlserver")) {
            return SQL_SERVER_DATA_ERRORS.contains(e.getErrorCode());
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        // 22: data exception (out of range, too long, invalid datetime or text, character not in
        // repertoire); 23: integrity constraint violation (not null, unique, check, foreign key).
        if (state.startsWith("22") || state.startsWith("23")) {
            return true;
        }
        return (state.equals("HY000") || state.equals("01000")) && MARIADB_DATA_ERRORS.contains(e.getErrorCode());
    }

    /** A {@link FerryException} whose message is {@code what} followed by the driver's reason. */
    public static FerryException wrap(String what, SQLException e) {
        String message = what + ": " + reason(e);
        return isRetriable(e) ? new RetriableException(message, e) : new FerryException(message, e);
    }

    static boolean isRetriable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null) {
            // 08: connection failures, 40: serialization failure or deadlock, 53: out of resources,
            // 57P: server shutting down or restarting.
            if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57P")) {
                return true;
            }
        }
        // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6) pass once the other writer finishes.
        int code = e.getErrorCode() & 0xff;
        return e.getClass().getName().startsWith("org.sqlite") && (code == 5 || code == 6);
    }

    static String reason(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Turns driver exceptions into Ferry's, retriable when trying again later may pass. */
public final class SqlErrors {

    private SqlErrors() {
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

    private static String reason(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}

package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.RejectedValueException;

/**
 * The value sizes SQL Server cannot store, checked before a value is sent. Unlike MariaDB, SQL
 * Server has no packet limit on values: bulk copy and parameters stream them in TDS packets of any
 * number. What bounds them is the {@code (max)} types: {@code nvarchar(max)} holds 2^30 - 1
 * characters (2 GB of UTF-16); {@code varbinary(max)} holds 2^31 - 1 bytes, more than a Java array
 * can, so binary values need no check. Bounded columns ({@code nvarchar(450)} keys) are the
 * server's to refuse, which it does with an error, never by truncating.
 */
final class SqlServerLimits {
    static final long MAX_NVARCHAR_MAX_CHARS = (1L << 30) - 1;

    private SqlServerLimits() {
    }

    /** Refuses a text of {@code column} longer than {@code nvarchar(max)} holds. */
    static void requireStorable(String column, Object value) {
        if (value instanceof String text) {
            requireStorableText(column, text.length());
        }
    }

    static void requireStorableText(String column, long characters) {
        if (characters > MAX_NVARCHAR_MAX_CHARS) {
            throw new RejectedValueException(column, "the text has " + characters
                    + " characters; SQL Server's nvarchar(max) holds at most " + MAX_NVARCHAR_MAX_CHARS);
        }
    }
}

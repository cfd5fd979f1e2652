package dev.ferry.connectors.jdbc.sqlserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An in-memory H2 database in its SQL Server mode, the closest to SQL Server that runs here. It
 * accepts brackets, T-SQL type names, MERGE ... USING and INFORMATION_SCHEMA, but has no table
 * hints, temporary #tables, COLLATE in expressions, DATALENGTH or datetimeoffset; tests say where
 * they work around one of those. Public only so H2 can call {@link #defaultSchema()}.
 */
public final class H2SqlServer {

    private H2SqlServer() {
    }

    /** A fresh database with the dbo and sales schemas, and SCHEMA_NAME() answering dbo as SQL Server does. */
    static Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:sqlserver-" + UUID.randomUUID() + ";MODE=MSSQLServer");
        execute(connection, "CREATE SCHEMA [dbo]", "CREATE SCHEMA [sales]",
                "CREATE ALIAS SCHEMA_NAME FOR '" + H2SqlServer.class.getName() + ".defaultSchema'");
        return connection;
    }

    /** What SQL Server's SCHEMA_NAME() returns for a user whose default schema is dbo. */
    public static String defaultSchema() {
        return "dbo";
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The one change a generated MERGE needs to run on H2, which has no table hints. */
    static String withoutTableHint(String merge) {
        if (!merge.contains(" WITH (HOLDLOCK)")) {
            throw new AssertionError("the MERGE lost its HOLDLOCK hint: " + merge);
        }
        return merge.replace(" WITH (HOLDLOCK)", "");
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteRequest;
import dev.ferry.connectors.jdbc.sqlite.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** A database written through JDBC; every writer gets its own connection and transaction. */
final class JdbcDestination implements Destination {
    private final ConnectionSpec spec;
    private final Dialect dialect;

    JdbcDestination(ConnectionSpec spec, Dialect dialect) {
        this.spec = spec;
        this.dialect = dialect;
    }

    @Override
    public void check() {
        Optional<Path> file = SqliteFiles.of(spec.url());
        if (file.isPresent() && !Files.exists(file.get())) {
            // The first run creates the file; a check must not.
            Path folder = file.get().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new FerryException("Cannot connect to " + spec.type() + " connection " + spec.name() + ": folder "
                        + folder + " does not exist, so its database file cannot be created");
            }
            if (folder != null && !Files.isWritable(folder)) {
                throw new FerryException("Cannot connect to " + spec.type() + " connection " + spec.name() + ": folder "
                        + folder + " is not writable, so its database file cannot be created");
            }
            return;
        }
        try (Connection connection = JdbcConnections.open(spec)) {
            if (connection.isReadOnly()) {
                throw new FerryException("Connection " + spec.name() + " is read-only; a destination must be writable");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot query " + spec.type() + " connection " + spec.name(), e);
        }
    }

    @Override
    public void checkCanHold(String table, StreamSchema schema) {
        SqlText.createTable(dialect, TableName.parse(table), schema); // names and types, as open() would meet them
    }

    @Override
    public StreamWriter open(WriteRequest request) {
        TableName table = TableName.parse(request.table());
        String description = "table " + table + " of connection " + spec.name();
        SqlText.createTable(dialect, table, request.schema()); // validates every name before connecting
        Connection connection = JdbcConnections.open(spec);
        try {
            dialect.prepareWriting(connection);
            connection.setAutoCommit(false);
            TableEvolution evolution = ensureTable(connection, table, request, "Table " + table + " of connection "
                    + spec.name());
            StreamSchema schema = evolution.writeSchema();
            SeenKeys seenKeys = request.deletes() == DeletePolicy.NONE ? null
                    : SeenKeys.create(dialect, connection, table, schema, request.deletes());
            RowApplier applier = dialect.openApplier(connection, table, schema, request.mode());
            return new JdbcStreamWriter(description, dialect, connection, applier, request.schema(), schema,
                    request.mode(), seenKeys, evolution.changes());
        } catch (SQLException e) {
            JdbcConnections.closeQuietly(connection);
            throw SqlErrors.wrap("Cannot prepare " + description, e);
        } catch (RuntimeException e) {
            JdbcConnections.closeQuietly(connection);
            throw e;
        }
    }

    /** Creates the table, or evolves the existing one under the request's policy; commits either way. */
    private TableEvolution ensureTable(Connection connection, TableName table, WriteRequest request, String description)
            throws SQLException {
        Optional<TableMetadata> existing = dialect.describe(connection, table);
        if (existing.isPresent()) {
            TableEvolution evolution = TableEvolution.plan(dialect, existing.get(), request, description);
            try (Statement statement = connection.createStatement()) {
                for (String sql : evolution.statements()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            return evolution;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createTablePrelude(table)) {
                statement.execute(sql);
            }
            statement.execute(dialect.createTableSql(table, request.schema()));
        }
        // The empty table is committed on its own, so it exists even if the first load fails.
        connection.commit();
        return new TableEvolution(List.of(), request.schema(), List.of());
    }

    @Override
    public void close() {
        // Connections belong to the writers, which close them.
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
    public StreamWriter open(WriteRequest request) {
        TableName table = TableName.parse(request.table());
        String description = "table " + table + " of connection " + spec.name();
        SqlText.createTable(dialect, table, request.schema()); // validates every name before connecting
        Connection connection = JdbcConnections.open(spec);
        try {
            dialect.prepareWriting(connection);
            connection.setAutoCommit(false);
            ensureTable(connection, table, request);
            RowApplier applier = dialect.openApplier(connection, table, request.schema(), request.mode());
            return new JdbcStreamWriter(description, connection, applier, request.schema(), request.mode());
        } catch (SQLException e) {
            JdbcConnections.closeQuietly(connection);
            throw SqlErrors.wrap("Cannot prepare " + description, e);
        } catch (RuntimeException e) {
            JdbcConnections.closeQuietly(connection);
            throw e;
        }
    }

    private void ensureTable(Connection connection, TableName table, WriteRequest request) throws SQLException {
        Optional<TableMetadata> existing = dialect.describe(connection, table);
        if (existing.isPresent()) {
            requireColumns(table, existing.get(), request);
            connection.commit();
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createTablePrelude(table)) {
                statement.execute(sql);
            }
            statement.execute(dialect.createTableSql(table, request.schema()));
        }
        // The empty table is committed on its own, so it exists even if the first load fails.
        connection.commit();
    }

    private void requireColumns(TableName table, TableMetadata existing, WriteRequest request) {
        List<String> present = existing.columns().stream().map(SqlColumn::name).toList();
        List<String> missing = new ArrayList<>();
        for (Column column : request.schema().columns()) {
            if (present.stream().noneMatch(name -> name.equalsIgnoreCase(column.name()))) {
                missing.add(column.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new FerryException("Table " + table + " of connection " + spec.name() + " exists but lacks columns "
                    + missing + "; add them or write to a new table");
        }
    }

    @Override
    public void close() {
        // Connections belong to the writers, which close them.
    }
}

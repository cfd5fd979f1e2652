package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A database read through JDBC. Catalog calls share one lazily opened connection; every reader
 * gets its own, so a long read never blocks discovery and cancelling it touches nothing else.
 */
final class JdbcSource implements Source {
    private final ConnectionSpec spec;
    private final Dialect dialect;
    private Connection catalog;

    JdbcSource(ConnectionSpec spec, Dialect dialect) {
        this.spec = spec;
        this.dialect = dialect;
    }

    @Override
    public void check() {
        try (Connection connection = JdbcConnections.openExisting(spec);
             var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT 1")) {
            result.next();
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot query " + spec.type() + " connection " + spec.name(), e);
        }
    }

    @Override
    public List<DiscoveredStream> discover() {
        try {
            List<DiscoveredStream> streams = new ArrayList<>();
            for (TableMetadata table : dialect.discover(catalog())) {
                String object = dialect.objectName(table.table());
                streams.add(new DiscoveredStream(object, table.kind(), SchemaResolver.tableSchema(dialect, object, table)));
            }
            return streams;
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot list the tables of connection " + spec.name(), e);
        }
    }

    @Override
    public StreamSchema describe(StreamRef stream, List<String> columns) {
        return resolver().describe(stream, columns);
    }

    @Override
    public OptionalLong estimateRows(StreamRef stream) {
        if (stream.object() == null) {
            return OptionalLong.empty();
        }
        TableName table = TableName.parse(stream.object());
        dialect.quote(table); // rejects a bad name before it reaches the catalog
        try {
            return dialect.estimateRows(catalog(), table);
        } catch (SQLException e) {
            // only a progress display needs it; the read that follows reports real trouble
            return OptionalLong.empty();
        }
    }

    @Override
    public StreamReader open(ReadRequest request) {
        SchemaResolver resolver = resolver();
        StreamSchema all = resolver.describe(request.stream(), List.of());
        StreamSchema schema = SchemaResolver.select(all, request.stream(), request.columns());
        List<Column> selected = new ArrayList<>(schema.columns());
        Column cursor = null;
        Object bound = null;
        if (request.isIncremental()) {
            cursor = SchemaResolver.column(all, request.stream(), request.cursorColumn(), "cursor");
            if (!cursor.type().isOrderable()) {
                throw new FerryException("Stream " + request.stream().name() + ": cursor " + cursor.name()
                        + " is " + cursor.type() + ", which has no order; choose a timestamp, date or number column");
            }
            if (schema.indexOf(cursor.name()) < 0) {
                selected.add(cursor);
            }
            if (request.resumeFrom() != null) {
                bound = CursorBound.lowerBound(request.stream().name(), cursor, request.resumeFrom(), request.lookback());
            }
        }
        List<String> names = selected.stream().map(Column::name).toList();
        String sql = ReadQuery.forRead(dialect, request.stream(), names, cursor, bound != null);
        ReadPlan plan = new ReadPlan(schema, selected, sql, cursor, bound,
                request.isIncremental() ? request.resumeFrom() : null, request.batchSize(), request.batchBytes());
        Connection connection = JdbcConnections.openExisting(spec);
        return dialect.openReader("stream " + request.stream().name() + " from connection " + spec.name(),
                connection, plan);
    }

    private SchemaResolver resolver() {
        return new SchemaResolver(dialect, catalog(), spec.name());
    }

    private Connection catalog() {
        try {
            if (catalog == null || catalog.isClosed()) {
                catalog = JdbcConnections.openExisting(spec);
            }
            return catalog;
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot use connection " + spec.name(), e);
        }
    }

    @Override
    public void close() {
        JdbcConnections.closeQuietly(catalog);
        catalog = null;
    }
}

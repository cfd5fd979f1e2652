package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Works out the schema of a stream: a table's or view's catalog entry, or a query's result columns. */
final class SchemaResolver {
    private final Dialect dialect;
    private final Connection connection;
    private final String connectionName;

    SchemaResolver(Dialect dialect, Connection connection, String connectionName) {
        this.dialect = dialect;
        this.connection = connection;
        this.connectionName = connectionName;
    }

    /** The stream's schema restricted to {@code columns} (all when empty), keys from the config or the primary key. */
    StreamSchema describe(StreamRef stream, List<String> columns) {
        StreamSchema all = stream.object() != null ? ofObject(stream) : ofQuery(stream);
        return select(all, stream, columns);
    }

    private StreamSchema ofObject(StreamRef stream) {
        TableName table = TableName.parse(stream.object());
        dialect.quote(table); // rejects a bad name before it reaches the catalog
        TableMetadata metadata;
        try {
            metadata = dialect.describe(connection, table).orElseThrow(() -> new FerryException(
                    "Stream " + stream.name() + ": there is no table or view " + table + " in connection " + connectionName));
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot describe table " + table + " of connection " + connectionName, e);
        }
        StreamSchema schema = tableSchema(dialect, stream.name(), metadata);
        return stream.keyColumns().isEmpty() ? schema : withKeys(schema, stream);
    }

    private StreamSchema ofQuery(StreamRef stream) {
        String sql = "SELECT * FROM " + ReadQuery.from(dialect, stream) + " WHERE 1 = 0";
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet empty = statement.executeQuery()) {
            ResultSetMetaData metadata = empty.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                SqlColumn column = new SqlColumn(metadata.getColumnLabel(i), metadata.getColumnTypeName(i),
                        Math.max(0, metadata.getPrecision(i)), Math.max(0, metadata.getScale(i)),
                        metadata.isNullable(i) != ResultSetMetaData.columnNoNulls);
                columns.add(dialect.toColumn(column));
            }
            return withKeys(new StreamSchema(stream.name(), columns, List.of()), stream);
        } catch (SQLException e) {
            throw SqlErrors.wrap("Cannot run the query of stream " + stream.name() + " on connection " + connectionName, e);
        } catch (IllegalArgumentException e) {
            throw new FerryException("The query of stream " + stream.name() + " has unusable columns: " + e.getMessage(), e);
        }
    }

    static StreamSchema tableSchema(Dialect dialect, String name, TableMetadata table) {
        List<Column> columns = new ArrayList<>(table.columns().size());
        for (SqlColumn column : table.columns()) {
            columns.add(dialect.toColumn(column));
        }
        return new StreamSchema(name, columns, table.primaryKey());
    }

    private static StreamSchema withKeys(StreamSchema schema, StreamRef stream) {
        for (String key : stream.keyColumns()) {
            column(schema, stream, key, "key column");
        }
        return new StreamSchema(schema.name(), schema.columns(), stream.keyColumns());
    }

    /** {@code all} restricted to {@code names} in that order; every key column must be among them. */
    static StreamSchema select(StreamSchema all, StreamRef stream, List<String> names) {
        if (names.isEmpty()) {
            return all;
        }
        List<Column> columns = new ArrayList<>(names.size());
        for (String name : names) {
            columns.add(column(all, stream, name, "column"));
        }
        for (String key : all.keyColumns()) {
            if (!names.contains(key)) {
                throw new FerryException("Stream " + stream.name() + ": key column " + key
                        + " must be among the selected columns " + names);
            }
        }
        return new StreamSchema(all.name(), columns, all.keyColumns());
    }

    static Column column(StreamSchema schema, StreamRef stream, String name, String role) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw new FerryException("Stream " + stream.name() + ": " + role + " " + name
                    + " does not exist; its columns are " + schema.columnNames());
        }
        return schema.columns().get(index);
    }
}

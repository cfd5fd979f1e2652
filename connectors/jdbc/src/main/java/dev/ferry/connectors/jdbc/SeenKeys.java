package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys one writer saw since it opened, kept in a temporary table on its connection. Rows of the
 * destination whose keys are not there are the rows the source no longer has; one anti-join finds
 * them at the end, at any table size, without holding keys in memory.
 *
 * <p>Keys are buffered and inserted when the writer flushes, because some appliers keep a bulk
 * operation open on the connection between batches. A rollback loses the keys inserted since the
 * last commit together with the rows they came with, which is what {@link #afterRollback} matches.
 */
final class SeenKeys implements AutoCloseable {
    static final String TABLE = "ferry_seen_keys";
    /** Keys buffered before the writer is asked to flush: bounds memory at a few megabytes. */
    static final int BUFFER_LIMIT = 20_000;
    private final Dialect dialect;
    private final Connection connection;
    private final TableName target;
    private final List<Column> keyColumns;
    private final DeletePolicy policy;
    private final String keyTable;
    private final List<Object[]> buffer = new ArrayList<>();
    private RowSink sink;

    private SeenKeys(Dialect dialect, Connection connection, TableName target, StreamSchema schema, DeletePolicy policy) {
        this.dialect = dialect;
        this.connection = connection;
        this.target = target;
        this.keyColumns = schema.keyColumns().stream().map(schema::column).toList();
        this.policy = policy;
        this.keyTable = dialect.keyTableReference(TABLE);
    }

    /** Creates the temporary table and commits; the writer's first transaction starts after it. */
    static SeenKeys create(Dialect dialect, Connection connection, TableName target, StreamSchema schema,
                           DeletePolicy policy) throws SQLException {
        SeenKeys keys = new SeenKeys(dialect, connection, target, schema, policy);
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createKeyTableSql(TABLE, keys.keyColumns)) {
                statement.execute(sql);
            }
        }
        connection.commit();
        keys.sink = dialect.openRowSink(connection, keys.keyTable, keys.keyColumns);
        return keys;
    }

    /** Notes one key (values in key-column order); the array is kept, not copied. */
    void add(Object[] keyValues) {
        buffer.add(keyValues);
    }

    boolean isFull() {
        return buffer.size() >= BUFFER_LIMIT;
    }

    /** Inserts the buffered keys into the temporary table, inside the open transaction. */
    void flush() throws SQLException {
        sink.append(buffer);
        buffer.clear();
    }

    /** Forgets buffered keys: the rows they came with were rolled back. */
    void afterRollback() {
        buffer.clear();
    }

    /** Destination rows whose keys were not seen (soft deletes: not seen and not yet marked). */
    long countUnseen() throws SQLException {
        flush();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + dialect.quote(target)
                     + " WHERE " + unseenCondition())) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Deletes or marks the unseen rows. */
    long removeUnseen() throws SQLException {
        flush();
        if (policy == DeletePolicy.HARD) {
            try (Statement statement = connection.createStatement()) {
                return statement.executeLargeUpdate("DELETE FROM " + dialect.quote(target) + " WHERE " + unseenCondition());
            }
        }
        Column marker = new Column(WriteRequest.SOFT_DELETE_COLUMN, ColumnType.TIMESTAMP_TZ, true, 0, 0);
        String sql = "UPDATE " + dialect.quote(target) + " SET " + quoteColumn(marker.name()) + " = ? WHERE "
                + unseenCondition();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ValueBinders.bind(dialect, statement, 1, marker, OffsetDateTime.now(ZoneOffset.UTC));
            return statement.executeLargeUpdate();
        }
    }

    /** True for a destination row whose key is not in the temporary table. */
    private String unseenCondition() {
        StringBuilder join = new StringBuilder();
        for (Column column : keyColumns) {
            String name = quoteColumn(column.name());
            join.append(join.isEmpty() ? "" : " AND ").append("seen.").append(name)
                    .append(" = ").append(dialect.quote(target)).append('.').append(name);
        }
        String marker = policy == DeletePolicy.SOFT ? quoteColumn(WriteRequest.SOFT_DELETE_COLUMN) + " IS NULL AND " : "";
        return marker + "NOT EXISTS (SELECT 1 FROM " + keyTable + " seen WHERE " + join + ")";
    }

    private String quoteColumn(String name) {
        return dialect.quote(name, "column of " + target);
    }

    @Override
    public void close() throws SQLException {
        sink.close();
    }
}

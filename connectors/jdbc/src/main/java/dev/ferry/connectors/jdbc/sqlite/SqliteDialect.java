package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.Column;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.Utf8;
import dev.ferry.connectors.jdbc.ValueBinders;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * SQLite through sqlite-jdbc. Types are read from the declared type of each column (see
 * {@link SqliteTypes}); dates, times and timestamps are ISO text (see {@link SqliteTemporal});
 * decimals are NUMERIC columns read back with their declared scale. Incremental reads compare and
 * order time cursors by the time their text stands for, not by the text (see {@link Dialect#cursorAtOrAfterBound}).
 */
public final class SqliteDialect implements Dialect {
    /** Texts longer than this go as UTF-8 bytes (1 MB: far above ordinary values, far below what strains a heap). */
    private static final int LARGE_TEXT_CHARS = 1024 * 1024;

    @Override
    public String type() {
        return "sqlite";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:sqlite:";
    }

    @Override
    public int maxIdentifierLength() {
        return 255;
    }

    @Override
    public Column toColumn(SqlColumn column) {
        return SqliteTypes.toColumn(column);
    }

    @Override
    public String sqlType(Column column) {
        return SqliteTypes.sqlType(column);
    }

    @Override
    public ColumnReader reader(Column column) {
        return switch (column.type()) {
            case DATE -> temporal(column, SqliteTemporal::parseDate);
            case TIME -> temporal(column, SqliteTemporal::parseTime);
            case TIMESTAMP -> temporal(column, SqliteTemporal::parseTimestamp);
            case TIMESTAMP_TZ -> temporal(column, SqliteTemporal::parseTimestampTz);
            case DECIMAL -> (row, i) -> {
                String text = row.getString(i);
                return text == null ? null : ColumnReaders.withScale(new BigDecimal(text), column.scale());
            };
            case UUID -> (row, i) -> {
                String text = row.getString(i);
                return text == null ? null : UUID.fromString(text);
            };
            default -> ColumnReaders.standard(column);
        };
    }

    private static ColumnReader temporal(Column column, Function<String, Object> parse) {
        return (row, i) -> {
            Object value = row.getObject(i);
            if (value == null) {
                return null;
            }
            if (value instanceof Long || value instanceof Integer) {
                // sqlite-jdbc's own default: milliseconds since the epoch
                var instant = SqliteTemporal.fromEpochMillis(((Number) value).longValue());
                return parse.apply(SqliteTemporal.format(instant));
            }
            try {
                return parse.apply(value.toString());
            } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw new FerryException("Column " + column.name() + ": cannot read '" + value + "' as " + column.type()
                        + " (expected ISO text such as 2009-01-01 00:00:00)", e);
            }
        };
    }

    /**
     * Text is sent as its UTF-8 bytes once it is large (see {@link #bind}); the cast makes those
     * bytes text again, exactly, and leaves text sent as text as it is.
     */
    @Override
    public String placeholder(Column column) {
        return switch (column.type()) {
            case STRING, TEXT, JSON -> "CAST(? AS TEXT)";
            default -> "?";
        };
    }

    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        switch (column.type()) {
            // The driver's own encoding of a text needs twice its size again at once: a 50 MB text
            // would need 150 MB beside it. Encoded here a piece at a time, it needs its UTF-8 only.
            case STRING, TEXT, JSON -> {
                String text = value.toString();
                if (text.length() > LARGE_TEXT_CHARS) {
                    statement.setBytes(index, Utf8.encode(text));
                } else {
                    statement.setString(index, text);
                }
            }
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> statement.setString(index, SqliteTemporal.format(value));
            // As text: setBigDecimal would go through a double in some driver versions.
            case DECIMAL -> statement.setString(index, ((BigDecimal) value).toPlainString());
            case UUID -> statement.setString(index, value.toString());
            case FLOAT, DOUBLE -> {
                // SQLite stores NaN as NULL: refused, so a value is never silently replaced
                if (Double.isNaN(((Number) value).doubleValue())) {
                    throw new SQLDataException("Column " + column.name() + ": SQLite cannot store NaN (it would become NULL)");
                }
                ValueBinders.bindStandard(statement, index, column, value);
            }
            default -> ValueBinders.bindStandard(statement, index, column, value);
        }
    }

    /**
     * Plain text comparison would miss rows: {@code '2024-03-10 10:00'} sorts before the bound
     * {@code '2024-03-10 10:00:00'} it equals, and {@code '07:00:00-03:00'} before
     * {@code '09:00:00+00:00'} though it is later. Rows whose text SQLite cannot read as a time are
     * selected as well, so that reading them fails with the column and value named.
     */
    @Override
    public String cursorAtOrAfterBound(Column cursor, String column) {
        String key = SqliteTemporal.sortKey(cursor.type(), column);
        if (key == null) {
            return null;
        }
        return "(" + key + " >= " + SqliteTemporal.boundKey(cursor.type()) + " OR (" + key + " IS NULL AND "
                + column + " IS NOT NULL))";
    }

    @Override
    public String cursorOrderBy(Column cursor, String column) {
        return SqliteTemporal.sortKey(cursor.type(), column);
    }

    @Override
    public List<TableMetadata> discover(Connection connection) throws SQLException {
        List<TableMetadata> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rows.next()) {
                describe(connection, new TableName(null, rows.getString(1))).ifPresent(tables::add);
            }
        }
        return tables;
    }

    @Override
    public Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        String master = table.schema() == null ? "sqlite_schema" : quote(table.schema(), "schema of " + table) + ".sqlite_schema";
        String kind;
        String name;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT type, name FROM " + master + " WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE")) {
            statement.setString(1, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                kind = rows.getString(1);
                name = rows.getString(2);
            }
        }
        List<SqlColumn> columns = new ArrayList<>();
        Map<Integer, String> key = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?, ?) ORDER BY cid")) {
            statement.setString(1, name);
            statement.setString(2, table.schema() == null ? "main" : table.schema());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(new SqlColumn(rows.getString(1), rows.getString(2), 0, 0, rows.getInt(3) == 0));
                    if (rows.getInt(4) > 0) {
                        key.put(rows.getInt(4), rows.getString(1));
                    }
                }
            }
        }
        markRowidKeyNotNull(columns, key);
        DiscoveredStream.Kind streamKind = "view".equals(kind) ? DiscoveredStream.Kind.VIEW : DiscoveredStream.Kind.TABLE;
        return Optional.of(new TableMetadata(new TableName(table.schema(), name), streamKind, columns, List.copyOf(key.values())));
    }

    /**
     * A lone INTEGER PRIMARY KEY is the table's rowid and can never hold NULL, though SQLite does
     * not report it as NOT NULL. Other key columns can hold NULL in SQLite unless declared otherwise.
     */
    private static void markRowidKeyNotNull(List<SqlColumn> columns, Map<Integer, String> key) {
        if (key.size() != 1) {
            return;
        }
        String keyColumn = key.values().iterator().next();
        for (int i = 0; i < columns.size(); i++) {
            SqlColumn column = columns.get(i);
            if (column.name().equals(keyColumn) && "INTEGER".equalsIgnoreCase(column.typeName().trim())) {
                columns.set(i, new SqlColumn(column.name(), column.typeName(), column.precision(), column.scale(), false));
            }
        }
    }

    @Override
    public void prepareStreaming(Connection connection, Statement statement, int batchSize) {
        // SQLite steps through rows one at a time as they are fetched; nothing to set up.
    }

    @Override
    public void prepareWriting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // WAL lets readers continue during a write; synchronous=FULL makes every commit
            // survive a power loss, which the writer's durability contract requires.
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
        }
    }

    /** SQLite does not enforce declared lengths or precisions, so a wider source type needs no change. */
    @Override
    public List<String> widenColumnSql(TableName table, Column column) {
        return List.of();
    }

    @Override
    public String upsertSql(TableName table, StreamSchema schema) {
        return SqlText.insertOnConflict(this, table, schema);
    }
}

package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.RowApplier;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * SQLite through sqlite-jdbc. Types are read from the declared type of each column (see
 * {@link SqliteTypes}); dates, times and timestamps are ISO text (see {@link SqliteTemporal});
 * decimals are NUMERIC columns (or TEXT-affinity DECIMAL_TEXT ones, by the connection's
 * {@link Decimals} choice) read back with their declared scale. Incremental reads compare and
 * order time cursors by the time their text stands for, not by the text (see {@link Dialect#cursorAtOrAfterBound}).
 */
public final class SqliteDialect implements Dialect {
    /** How decimal columns are created: as SQLite numbers (the default) or as exact text. */
    public enum Decimals {
        /** NUMERIC(p,s): SQLite's own numbers; a decimal they cannot give back exactly is refused. */
        NUMBER,
        /** DECIMAL_TEXT(p,s): TEXT affinity, so the exact digits are kept; read back as DECIMAL(p,s). */
        TEXT;

        /** The choice named by the connection option {@link ConnectionSpec#DECIMALS} ({@code number} or {@code text}). */
        static Decimals of(ConnectionSpec spec) {
            return "text".equalsIgnoreCase(spec.option(ConnectionSpec.DECIMALS, "number")) ? TEXT : NUMBER;
        }
    }

    private final Decimals decimals;
    /**
     * The decimal columns of the table being written whose declared type has TEXT affinity, so
     * their values are bound as exact text; null when no table is known, and then
     * {@link #decimals} decides, as it decided the tables this dialect creates.
     */
    private final Set<String> textDecimalColumns;

    /** Decimals as SQLite numbers, the default. */
    public SqliteDialect() {
        this(Decimals.NUMBER, null);
    }

    public SqliteDialect(Decimals decimals) {
        this(decimals, null);
    }

    private SqliteDialect(Decimals decimals, Set<String> textDecimalColumns) {
        this.decimals = decimals;
        this.textDecimalColumns = textDecimalColumns;
    }

    /** This dialect with the connection's choice of {@link Decimals}. */
    @Override
    public Dialect forConnection(ConnectionSpec spec) {
        Decimals chosen = Decimals.of(spec);
        return chosen == decimals ? this : new SqliteDialect(chosen, null);
    }

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
        return SqliteTypes.sqlType(column, decimals);
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

    /** Refuses what SQLite cannot hold ({@link SqliteLimits}) instead of storing something else. */
    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        switch (column.type()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> statement.setString(index, SqliteLimits.temporal(column, value));
            case DECIMAL -> bindDecimal(statement, index, column, SqliteLimits.finiteDecimal(column, value));
            case UUID -> statement.setString(index, value.toString());
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
            // SQLite stores NaN as NULL: refused, so a value is never silently replaced
            case FLOAT, DOUBLE -> {
                SqliteLimits.notNaN(column, ((Number) value).doubleValue());
                ValueBinders.bindStandard(statement, index, column, value);
            }
            default -> ValueBinders.bindStandard(statement, index, column, value);
        }
    }

    /**
     * Into a column of TEXT affinity as its exact digits; into any other column of the table as the
     * SQLite number that gives it back exactly, or refused ({@link SqliteLimits#exactNumber}), never
     * as text, which SQLite would turn into a double keeping 15 digits. A parameter that writes no
     * table column (a read's cursor bound, compared as a number, or a helper table of keys) goes
     * as text when no number holds it.
     */
    private void bindDecimal(PreparedStatement statement, int index, Column column, BigDecimal value) throws SQLException {
        boolean textColumn = textDecimalColumns != null ? textDecimalColumns.contains(column.name()) : decimals == Decimals.TEXT;
        Number exact = textColumn ? null : SqliteLimits.exactNumberOrNull(value);
        if (exact instanceof Long whole) {
            statement.setLong(index, whole);
        } else if (exact != null) {
            statement.setDouble(index, exact.doubleValue());
        } else if (textColumn || textDecimalColumns == null) {
            statement.setString(index, value.toPlainString());
        } else {
            throw SqliteLimits.notExact(column, value);
        }
    }

    /**
     * Batched statements whose decimals are bound by the affinity of the destination's own
     * columns, which may have been created under the other {@link Decimals} choice or by hand.
     */
    @Override
    public RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode)
            throws SQLException {
        Set<String> textColumns = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, type FROM pragma_table_info(?, ?)")) {
            statement.setString(1, table.name());
            statement.setString(2, table.schema() == null ? "main" : table.schema());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (SqliteTypes.hasTextAffinity(rows.getString(2))) {
                        textColumns.add(rows.getString(1));
                    }
                }
            }
        }
        return new BatchedStatementApplier(new SqliteDialect(decimals, Set.copyOf(textColumns)), connection, table, schema);
    }

    /**
     * Plain text comparison would miss rows: {@code '2024-03-10 10:00'} sorts before the bound
     * {@code '2024-03-10 10:00:00'} it equals, and {@code '07:00:00-03:00'} before
     * {@code '09:00:00+00:00'} though it is later. Rows whose text SQLite cannot read as a time are
     * selected as well, so that reading them fails with the column and value named.
     *
     * <p>Decimal cursors compare as numbers: a column of TEXT affinity ({@code DECIMAL_TEXT}, see
     * {@link Decimals#TEXT}) would compare and sort its digits as text, where {@code '10.0'} comes
     * before {@code '9.5'}. The cast keeps about 15 digits, so values that differ only beyond them
     * tie, and a tie is read again, never skipped.
     */
    @Override
    public String cursorAtOrAfterBound(Column cursor, String column) {
        if (cursor.type() == ColumnType.DECIMAL) {
            return "CAST(" + column + " AS NUMERIC) >= CAST(? AS NUMERIC)";
        }
        String key = SqliteTemporal.sortKey(cursor.type(), column);
        if (key == null) {
            return null;
        }
        return "(" + key + " >= " + SqliteTemporal.boundKey(cursor.type()) + " OR (" + key + " IS NULL AND "
                + column + " IS NOT NULL))";
    }

    @Override
    public String cursorOrderBy(Column cursor, String column) {
        return cursor.type() == ColumnType.DECIMAL ? "CAST(" + column + " AS NUMERIC)" : SqliteTemporal.sortKey(cursor.type(), column);
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

    /**
     * From {@code sqlite_stat1}, which only ANALYZE writes: its first number per table or index is
     * the row count it found (an index's, partial ones fewer, hence the largest). SQLite keeps no
     * other count short of reading the table.
     */
    @Override
    public OptionalLong estimateRows(Connection connection, TableName table) throws SQLException {
        String schema = table.schema() == null ? "" : quote(table.schema(), "schema of " + table) + ".";
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT 1 FROM " + schema + "sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'");
             ResultSet found = exists.executeQuery()) {
            if (!found.next()) {
                return OptionalLong.empty();
            }
        }
        long estimate = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT stat FROM " + schema + "sqlite_stat1 WHERE tbl = ? COLLATE NOCASE")) {
            select.setString(1, table.name());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String stat = rows.getString(1);
                    String first = stat == null ? "" : stat.strip().split(" ", 2)[0];
                    if (first.matches("\\d{1,18}")) {
                        estimate = Math.max(estimate, Long.parseLong(first));
                    }
                }
            }
        }
        return estimate > 0 ? OptionalLong.of(estimate) : OptionalLong.empty();
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

package dev.ferry.connectors.jdbc.postgres;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.ColumnReader;
import dev.ferry.connectors.jdbc.ColumnReaders;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.MetadataCatalog;
import dev.ferry.connectors.jdbc.ReadPlan;
import dev.ferry.connectors.jdbc.RowApplier;
import dev.ferry.connectors.jdbc.RowSink;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.ValueBinders;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * PostgreSQL through pgjdbc: catalog from the driver's metadata, reads through a server-side
 * cursor, writes through COPY.
 */
public final class PostgresDialect implements Dialect {
    /** Larger declared lengths mean "unbounded" in pgjdbc's metadata (varchar without length reports 2^31-1). */
    private static final int MAX_VARCHAR_LENGTH = 10_485_760;
    private static final int MAX_NUMERIC_PRECISION = 1000;
    private static final int MAX_FETCH_SIZE = 10_000;

    @Override
    public String type() {
        return "postgresql";
    }

    @Override
    public String urlPrefix() {
        return "jdbc:postgresql:";
    }

    @Override
    public int maxIdentifierLength() {
        return 63;
    }

    @Override
    public String objectName(TableName table) {
        return "public".equals(table.schema()) ? table.name() : table.toString();
    }

    @Override
    public Column toColumn(SqlColumn column) {
        String type = column.typeName().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bool" -> plain(column, ColumnType.BOOLEAN);
            case "int2", "smallserial" -> plain(column, ColumnType.SMALLINT);
            case "int4", "serial" -> plain(column, ColumnType.INTEGER);
            case "int8", "bigserial", "oid" -> plain(column, ColumnType.BIGINT);
            case "float4" -> plain(column, ColumnType.FLOAT);
            case "float8" -> plain(column, ColumnType.DOUBLE);
            case "numeric" -> column.precision() > 0 && column.precision() <= MAX_NUMERIC_PRECISION
                    ? new Column(column.name(), ColumnType.DECIMAL, column.nullable(), column.precision(), column.scale())
                    : plain(column, ColumnType.DECIMAL);
            case "date" -> plain(column, ColumnType.DATE);
            case "time" -> plain(column, ColumnType.TIME);
            case "timestamp" -> plain(column, ColumnType.TIMESTAMP);
            case "timestamptz" -> plain(column, ColumnType.TIMESTAMP_TZ);
            case "varchar", "bpchar" -> new Column(column.name(), ColumnType.STRING, column.nullable(),
                    column.precision() <= MAX_VARCHAR_LENGTH ? column.precision() : 0, 0);
            case "bytea" -> plain(column, ColumnType.BINARY);
            case "json", "jsonb" -> plain(column, ColumnType.JSON);
            case "uuid" -> plain(column, ColumnType.UUID);
            // text, and every type without an engine-neutral twin (interval, arrays, enums, ...) as its text
            default -> plain(column, ColumnType.TEXT);
        };
    }

    private static Column plain(SqlColumn column, ColumnType type) {
        return new Column(column.name(), type, column.nullable(), 0, 0);
    }

    @Override
    public String sqlType(Column column) {
        return switch (column.type()) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double precision";
            case DECIMAL -> column.precision() > 0 && column.precision() <= MAX_NUMERIC_PRECISION
                    ? "numeric(" + column.precision() + "," + Math.min(column.scale(), column.precision()) + ")" : "numeric";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMP_TZ -> "timestamptz";
            case STRING -> column.precision() > 0 && column.precision() <= MAX_VARCHAR_LENGTH
                    ? "varchar(" + column.precision() + ")" : "varchar";
            case TEXT -> "text";
            case BINARY -> "bytea";
            // json keeps the document's text exactly as written; jsonb would reorder keys and spacing.
            case JSON -> "json";
            case UUID -> "uuid";
        };
    }

    /**
     * Numeric NaN and infinities arrive from pgjdbc as a Double (its BigDecimal getter refuses
     * them); they become {@link NonFiniteDecimal}. Dates and timestamps need nothing: pgjdbc reads
     * {@code infinity} as the java.time MAX and MIN, and years before 1 AD as proleptic years.
     */
    @Override
    public ColumnReader reader(Column column) {
        if (column.type() != ColumnType.DECIMAL) {
            return ColumnReaders.standard(column);
        }
        int scale = column.scale();
        return (row, i) -> switch (row.getObject(i)) {
            case null -> null;
            case BigDecimal decimal -> ColumnReaders.withScale(decimal, scale);
            case Double special when special.isNaN() -> NonFiniteDecimal.NAN;
            case Double special when special == Double.POSITIVE_INFINITY -> NonFiniteDecimal.POSITIVE_INFINITY;
            case Double special when special == Double.NEGATIVE_INFINITY -> NonFiniteDecimal.NEGATIVE_INFINITY;
            case Object other -> ColumnReaders.withScale(new BigDecimal(other.toString()), scale);
        };
    }

    /**
     * pgjdbc writes the java.time MAX and MIN as {@code infinity} and {@code -infinity} and years
     * before 1 AD with {@code BC}; what PostgreSQL cannot hold is refused first, naming the column.
     */
    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        switch (column.type()) {
            // Untyped, so the server takes the column's own type (json, varchar, an enum, an interval ...).
            case STRING, TEXT, JSON -> statement.setObject(index, PostgresLimits.text(column, value.toString()), Types.OTHER);
            case DECIMAL -> {
                if (value instanceof NonFiniteDecimal special) {
                    statement.setObject(index, special.text(), Types.OTHER);
                } else {
                    ValueBinders.bindStandard(statement, index, column, value);
                }
            }
            case DATE -> statement.setObject(index, PostgresLimits.date(column, (LocalDate) value));
            case TIMESTAMP -> statement.setObject(index, PostgresLimits.timestamp(column, (LocalDateTime) value));
            case TIMESTAMP_TZ -> statement.setObject(index, PostgresLimits.timestampTz(column, (OffsetDateTime) value));
            default -> ValueBinders.bindStandard(statement, index, column, value);
        }
    }

    @Override
    public List<TableMetadata> discover(Connection connection) throws SQLException {
        return MetadataCatalog.discover(connection, PostgresDialect::isUserSchema);
    }

    private static boolean isUserSchema(String schema) {
        return schema != null && !schema.equals("information_schema") && !schema.startsWith("pg_");
    }

    @Override
    public Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        TableName qualified = table.schema() != null ? table : new TableName(currentSchema(connection), table.name());
        return MetadataCatalog.describe(connection, qualified);
    }

    /**
     * The planner's own estimate: the last ANALYZE's rows per page times the table's pages now, so
     * rows added since the last ANALYZE count too. Tables only ({@code r}, {@code m}): a view has no
     * statistics, and a partitioned table's are its partitions'.
     */
    @Override
    public OptionalLong estimateRows(Connection connection, TableName table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT CASE WHEN c.reltuples <= 0 OR c.relpages <= 0 THEN NULL
                            ELSE (c.reltuples / c.relpages
                                  * (pg_relation_size(c.oid) / current_setting('block_size')::int))::bigint END
                FROM pg_class c WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'm')""")) {
            select.setString(1, quote(table));
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    long estimate = rows.getLong(1);
                    if (!rows.wasNull() && estimate > 0) {
                        return OptionalLong.of(estimate);
                    }
                }
                return OptionalLong.empty();
            }
        }
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            return result.next() && result.getString(1) != null ? result.getString(1) : "public";
        }
    }

    @Override
    public void prepareStreaming(Connection connection, Statement statement, int batchSize) throws SQLException {
        // pgjdbc only uses a server-side cursor (fetching fetchSize rows at a time) inside a
        // transaction; with autocommit on it would load the whole result into memory.
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        statement.setFetchSize(Math.min(batchSize, MAX_FETCH_SIZE));
        // A negative threshold makes pgjdbc ask for binary results from the first execution:
        // dates, timestamps and numbers then decode without parsing text.
        statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }

    /**
     * Without the index: PostgreSQL finds unseen rows by a hash anti-join either way, and loading a
     * million keys takes a third of the time without index upkeep (0.44 s against 1.31 s).
     */
    @Override
    public List<String> createKeyTableSql(String name, List<Column> columns) {
        return List.of(Dialect.super.createKeyTableSql(name, columns).getFirst());
    }

    /** Text COPY: a million keys in about a second, where batched inserts take several. */
    @Override
    public RowSink openRowSink(Connection connection, String quotedTable, List<Column> columns)
            throws SQLException {
        return new CopySink(connection, "COPY " + quotedTable + " (" + SqlText.quotedNames(this, quotedTable, columns)
                + ") FROM STDIN", columns);
    }

    @Override
    public List<String> createTablePrelude(TableName table) {
        return table.schema() == null ? List.of()
                : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema(), "schema of table " + table));
    }

    @Override
    public String clearTableSql(TableName table) {
        // Inside the write transaction, so an abort or a crash keeps the old rows; readers wait for the commit.
        return "TRUNCATE " + quote(table);
    }

    /** json has no equality operator; its text is what was written, so compare that. */
    @Override
    public String valuesDiffer(Column column, String left, String right) {
        return column.type() == ColumnType.JSON
                ? left + "::text IS DISTINCT FROM " + right + "::text"
                : left + " IS DISTINCT FROM " + right;
    }

    /**
     * Reads from the start stream with binary COPY; bounded reads need a parameter, which COPY cannot
     * take, and get their text from the server as COPY does.
     */
    @Override
    public StreamReader openReader(String description, Connection connection, ReadPlan plan) {
        return plan.bound() == null ? new PostgresCopyReader(description, this, connection, plan)
                : Dialect.super.openReader(description, connection, ServerTextQuery.of(this, plan));
    }

    @Override
    public String upsertSql(TableName table, StreamSchema schema) {
        return SqlText.insertOnConflict(this, table, schema);
    }

    @Override
    public RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode)
            throws SQLException {
        return new PostgresCopyApplier(this, connection, table, schema);
    }
}

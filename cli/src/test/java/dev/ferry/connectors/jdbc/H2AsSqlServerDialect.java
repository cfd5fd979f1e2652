package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.sqlserver.SqlServerDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL Server dialect with the least changes H2's SQL Server mode needs, each one a thing H2 lacks:
 * the IF OBJECT_ID guard, the datetimeoffset type (a timestamp with time zone instead), table hints,
 * COLLATE, DATALENGTH, SET XACT_ABORT and {@code #} temporary tables (H2's local temporary tables
 * instead). Rows are written by the batched MERGE, as bulk copy is SQL Server's own protocol. H2's
 * own type names are read as the SQL Server names they were created from. Everything else is the
 * dialect's: quoting, the catalog queries, the binding of every value, the MERGE and the DELETE.
 *
 * <p>The database needs a {@code dbo} schema as its default and {@link #defaultSchema()} as
 * {@code SCHEMA_NAME()}, which the catalog queries call.
 */
public final class H2AsSqlServerDialect implements Dialect {
    /** H2's names for the types the dialect creates, back to SQL Server's. */
    private static final Map<String, String> SQL_SERVER_NAMES = Map.of(
            "CHARACTER VARYING", "nvarchar",
            "CHARACTER LARGE OBJECT", "nvarchar",
            "DOUBLE PRECISION", "float",
            "BOOLEAN", "bit",
            "TIMESTAMP WITH TIME ZONE", "datetimeoffset",
            "BINARY VARYING", "varbinary");

    private final SqlServerDialect sqlServer = new SqlServerDialect();

    /** What SQL Server's SCHEMA_NAME() returns for a user whose default schema is dbo; H2 calls it by alias. */
    public static String defaultSchema() {
        return "dbo";
    }

    @Override
    public String type() {
        return SqlServerOnH2Connectors.TYPE;
    }

    @Override
    public String urlPrefix() {
        return "jdbc:h2:";
    }

    @Override
    public int maxIdentifierLength() {
        return sqlServer.maxIdentifierLength();
    }

    @Override
    public String quote(String identifier, String what) {
        return sqlServer.quote(identifier, what);
    }

    @Override
    public String objectName(TableName table) {
        return sqlServer.objectName(table);
    }

    @Override
    public Column toColumn(SqlColumn column) {
        String name = SQL_SERVER_NAMES.getOrDefault(column.typeName().toUpperCase(Locale.ROOT), column.typeName());
        return sqlServer.toColumn(new SqlColumn(column.name(), name, column.precision(), column.scale(), column.nullable()));
    }

    @Override
    public String sqlType(Column column) {
        return sqlServer.sqlType(column);
    }

    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        sqlServer.bind(statement, index, column, value);
    }

    @Override
    public String placeholder(Column column) {
        return sqlServer.placeholder(column);
    }

    @Override
    public List<TableMetadata> discover(Connection connection) throws SQLException {
        return sqlServer.discover(connection);
    }

    @Override
    public Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException {
        return sqlServer.describe(connection, table);
    }

    @Override
    public void prepareStreaming(Connection connection, Statement statement, int batchSize) {
    }

    @Override
    public void prepareWriting(Connection connection) {
        // SET XACT_ABORT ON: H2 ends no transaction on an error anyway
    }

    @Override
    public boolean releasesSavepoints() {
        return sqlServer.releasesSavepoints();
    }

    @Override
    public String createTableSql(TableName table, StreamSchema schema) {
        String guarded = sqlServer.createTableSql(table, schema);
        return guarded.substring(guarded.indexOf("CREATE TABLE")).replace("datetimeoffset(7)", "timestamp(7) with time zone");
    }

    @Override
    public List<String> createTablePrelude(TableName table) {
        return sqlServer.createTablePrelude(table);
    }

    @Override
    public String clearTableSql(TableName table) {
        return sqlServer.clearTableSql(table);
    }

    @Override
    public String addColumnSql(TableName table, Column column) {
        return sqlServer.addColumnSql(table, column).replace("datetimeoffset(7)", "timestamp(7) with time zone");
    }

    @Override
    public List<String> widenColumnSql(TableName table, Column column) {
        return sqlServer.widenColumnSql(table, column);
    }

    @Override
    public List<String> createKeyTableSql(String name, List<Column> columns) {
        return sqlServer.createKeyTableSql(name, columns).stream()
                .map(sql -> sql.replace(" COLLATE DATABASE_DEFAULT", "")
                        .replaceFirst("^CREATE TABLE ", "CREATE LOCAL TEMPORARY TABLE "))
                .toList();
    }

    @Override
    public String keyTableReference(String name) {
        return sqlServer.keyTableReference(name);
    }

    @Override
    public String upsertSql(TableName table, StreamSchema schema) {
        String merge = sqlServer.upsertSql(table, schema);
        if (!merge.contains(" WITH (HOLDLOCK)")) {
            throw new AssertionError("the MERGE lost its HOLDLOCK hint: " + merge);
        }
        String values = "(VALUES (" + "?, ".repeat(schema.columns().size() - 1) + "?))";
        if (!merge.contains(values)) {
            throw new AssertionError("the MERGE no longer takes its row as VALUES parameters: " + merge);
        }
        return merge.replace(" WITH (HOLDLOCK)", "").replace(" COLLATE Latin1_General_BIN2", "")
                .replace("DATALENGTH(", "OCTET_LENGTH(").replace(values, typedValues(schema));
    }

    /**
     * SQL Server takes a parameter's type from the value the driver sends; H2 types every parameter of
     * a VALUES list as text, which then cannot be compared with a boolean or a time, so it is told.
     */
    private static String typedValues(StreamSchema schema) {
        StringBuilder values = new StringBuilder("(VALUES (");
        for (Column column : schema.columns()) {
            values.append(values.length() > "(VALUES (".length() ? ", " : "").append(switch (column.type()) {
                case BOOLEAN -> "CAST(? AS bit)";
                case DOUBLE -> "CAST(? AS float)";
                case BIGINT -> "CAST(? AS bigint)";
                case TIMESTAMP_TZ -> "CAST(? AS timestamp(7) with time zone)";
                default -> "?";
            });
        }
        return values.append("))").toString();
    }

    @Override
    public String valuesDiffer(Column column, String left, String right) {
        return sqlServer.valuesDiffer(column, left, right);
    }

    @Override
    public RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode) {
        return new BatchedStatementApplier(this, connection, table, schema);
    }
}

package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.BatchedStatementApplier;
import dev.ferry.connectors.jdbc.ReadPlan;
import dev.ferry.connectors.jdbc.ReadQuery;
import dev.ferry.connectors.jdbc.SqlColumn;
import dev.ferry.connectors.jdbc.TableMetadata;
import dev.ferry.connectors.jdbc.TableName;
import dev.ferry.connectors.jdbc.ValueBinders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What of the dialect runs on H2 in its SQL Server mode: DDL, catalog queries, reads, deletes and MERGE. */
class SqlServerOnH2Test {
    private static final SqlServerDialect DIALECT = new SqlServerDialect();
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = H2SqlServer.open();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** Every engine type but TIMESTAMP_TZ, whose datetimeoffset H2 does not have; a text key. */
    private static final StreamSchema EVERY_TYPE = new StreamSchema("every", List.of(
            new Column("id", ColumnType.TEXT, false, 0, 0),
            Column.of("flag", ColumnType.BOOLEAN),
            Column.of("small", ColumnType.SMALLINT),
            Column.of("int", ColumnType.INTEGER),
            new Column("big", ColumnType.BIGINT, false, 0, 0),
            Column.of("real", ColumnType.FLOAT),
            Column.of("double", ColumnType.DOUBLE),
            new Column("amount", ColumnType.DECIMAL, true, 14, 2),
            Column.of("unbounded", ColumnType.DECIMAL),
            Column.of("day", ColumnType.DATE),
            Column.of("time", ColumnType.TIME),
            Column.of("at", ColumnType.TIMESTAMP),
            new Column("code", ColumnType.STRING, true, 12, 0),
            Column.of("note", ColumnType.TEXT),
            Column.of("doc", ColumnType.JSON),
            Column.of("photo", ColumnType.BINARY),
            Column.of("ref", ColumnType.UUID)), List.of("id"));

    @Test
    void theCreateTableTextIsAcceptedAndDescribedBack() throws SQLException {
        TableName table = new TableName("sales", "every type");
        H2SqlServer.execute(connection, SqlServerSql.createTable(DIALECT, table, EVERY_TYPE));

        TableMetadata described = DIALECT.describe(connection, table).orElseThrow();

        assertThat(described.table()).isEqualTo(table);
        assertThat(described.kind()).isEqualTo(DiscoveredStream.Kind.TABLE);
        assertThat(described.primaryKey()).containsExactly("id");
        assertThat(described.columns()).extracting(SqlColumn::name).containsExactlyElementsOf(EVERY_TYPE.columnNames());
        Map<String, SqlColumn> columns = described.columns().stream()
                .collect(Collectors.toMap(SqlColumn::name, Function.identity()));
        // H2 spells types its own way; lengths, precision, scale and nullability come through the same queries
        assertThat(columns.get("id")).isEqualTo(new SqlColumn("id", "CHARACTER VARYING", 450, 0, false));
        assertThat(columns.get("code")).isEqualTo(new SqlColumn("code", "CHARACTER VARYING", 12, 0, true));
        assertThat(columns.get("amount")).isEqualTo(new SqlColumn("amount", "NUMERIC", 14, 2, true));
        assertThat(columns.get("unbounded")).isEqualTo(new SqlColumn("unbounded", "NUMERIC", 38, 10, true));
        assertThat(columns.get("big").nullable()).isFalse();
        assertThat(columns.get("note").nullable()).isTrue();
        // for the names H2 shares with SQL Server, the mapping gives the types back
        assertThat(DIALECT.toColumn(columns.get("amount"))).isEqualTo(new Column("amount", ColumnType.DECIMAL, true, 14, 2));
        assertThat(DIALECT.toColumn(columns.get("big"))).isEqualTo(new Column("big", ColumnType.BIGINT, false, 0, 0));
        for (String name : List.of("small", "real", "day", "time")) {
            assertThat(DIALECT.toColumn(columns.get(name)).type()).as(name)
                    .isEqualTo(EVERY_TYPE.column(name).type());
        }
    }

    @Test
    void discoveryListsTablesAndViewsWithTheirKeysInKeyOrder() throws SQLException {
        H2SqlServer.execute(connection,
                "CREATE TABLE [dbo].[ventas] ([conduce] bigint NOT NULL, [linea] int NOT NULL, [cliente] nvarchar(60) NOT NULL,"
                        + " [monto] decimal(14,2) NULL, PRIMARY KEY ([linea], [conduce]))",
                "CREATE TABLE [sales].[notes] ([id] int NOT NULL PRIMARY KEY, [body] nvarchar(max) NULL)",
                "CREATE TABLE [dbo].[log] ([at] datetime2(7) NULL, [msg] nvarchar(max) NULL)",
                "CREATE VIEW [dbo].[ventas grandes] AS SELECT [conduce], [monto] FROM [dbo].[ventas] WHERE [monto] > 1000");

        Map<TableName, TableMetadata> tables = DIALECT.discover(connection).stream()
                .collect(Collectors.toMap(TableMetadata::table, Function.identity()));

        assertThat(tables).containsOnlyKeys(new TableName("dbo", "ventas"), new TableName("sales", "notes"),
                new TableName("dbo", "log"), new TableName("dbo", "ventas grandes"));
        TableMetadata ventas = tables.get(new TableName("dbo", "ventas"));
        assertThat(ventas.kind()).isEqualTo(DiscoveredStream.Kind.TABLE);
        assertThat(ventas.primaryKey()).containsExactly("linea", "conduce");
        assertThat(ventas.columns()).extracting(SqlColumn::name).containsExactly("conduce", "linea", "cliente", "monto");
        assertThat(ventas.columns()).extracting(SqlColumn::nullable).containsExactly(false, false, false, true);
        assertThat(tables.get(new TableName("sales", "notes")).primaryKey()).containsExactly("id");
        assertThat(tables.get(new TableName("dbo", "log")).primaryKey()).isEmpty();
        TableMetadata view = tables.get(new TableName("dbo", "ventas grandes"));
        assertThat(view.kind()).isEqualTo(DiscoveredStream.Kind.VIEW);
        assertThat(view.primaryKey()).isEmpty();
        assertThat(view.columns()).extracting(SqlColumn::name).containsExactly("conduce", "monto");
    }

    @Test
    void anUnqualifiedNameIsLookedUpInTheUsersDefaultSchema() throws SQLException {
        H2SqlServer.execute(connection,
                "CREATE TABLE [dbo].[t] ([in_dbo] int NULL)",
                "CREATE TABLE [sales].[t] ([in_sales] int NULL)");

        assertThat(DIALECT.describe(connection, new TableName(null, "t")).orElseThrow().table())
                .isEqualTo(new TableName("dbo", "t"));
        assertThat(DIALECT.describe(connection, new TableName(null, "t")).orElseThrow().columns())
                .extracting(SqlColumn::name).containsExactly("in_dbo");
        assertThat(DIALECT.describe(connection, new TableName("sales", "t")).orElseThrow().columns())
                .extracting(SqlColumn::name).containsExactly("in_sales");
        assertThat(DIALECT.describe(connection, new TableName("dbo", "missing"))).isEmpty();
        assertThat(DIALECT.describe(connection, new TableName("nowhere", "t"))).isEmpty();
    }

    /** The key mixes text, a timestamp with 100 ns digits and a UUID: the last two are bound as text. */
    @Test
    void batchedDeletesRemoveExactlyTheRowsWithTheGivenKeys() throws SQLException {
        StreamSchema schema = new StreamSchema("events", List.of(
                new Column("source", ColumnType.STRING, false, 8, 0),
                new Column("at", ColumnType.TIMESTAMP, false, 0, 0),
                new Column("ref", ColumnType.UUID, false, 0, 0),
                Column.of("payload", ColumnType.TEXT)), List.of("source", "at", "ref"));
        TableName table = new TableName("dbo", "events");
        H2SqlServer.execute(connection, SqlServerSql.createTable(DIALECT, table, schema));
        LocalDateTime at = LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_700);
        UUID first = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID second = UUID.fromString("00000000-0000-0000-0000-000000000002");
        insert(table, schema, List.of(
                new Object[] {"erp", at, first, "a"},
                new Object[] {"erp", at, second, "b"},
                new Object[] {"erp", at.plusNanos(100), first, "c"},
                new Object[] {"crm", at, first, "d"}));

        try (BatchedStatementApplier applier = new BatchedStatementApplier(DIALECT, connection, table, schema)) {
            applier.delete(List.of(
                    new Object[] {"erp", at, first, null},
                    new Object[] {"crm", at, first, null},
                    new Object[] {"erp", at.plusSeconds(1), second, null}));
        }

        assertThat(column(table, "payload")).containsExactlyInAnyOrder("b", "c");
    }

    /** The staging table is a plain table here: H2 has no #temporary tables and no SELECT ... INTO. */
    @Test
    void stagedRowsMergeIntoTheTableAndOnlyChangedRowsAreWritten() throws SQLException {
        StreamSchema schema = new StreamSchema("lines", List.of(
                new Column("region", ColumnType.STRING, false, 8, 0),
                new Column("Line No", ColumnType.BIGINT, false, 0, 0),
                new Column("unit price", ColumnType.DECIMAL, true, 12, 2),
                Column.of("qty", ColumnType.INTEGER),
                Column.of("shipped at", ColumnType.TIMESTAMP)), List.of("region", "Line No"));
        TableName table = new TableName("sales", "Order Lines");
        TableName staging = new TableName("dbo", "ferry_staging");
        H2SqlServer.execute(connection, SqlServerSql.createTable(DIALECT, table, schema),
                "CREATE TABLE [dbo].[ferry_staging] AS SELECT * FROM [sales].[Order Lines] WITH NO DATA");
        LocalDateTime shipped = LocalDateTime.of(2024, 5, 1, 9, 30, 15, 500_000_000);
        insert(table, schema, List.of(
                new Object[] {"eu", 1L, new BigDecimal("10.00"), 5, shipped},
                new Object[] {"eu", 2L, new BigDecimal("20.00"), 6, shipped},
                new Object[] {"us", 1L, new BigDecimal("30.00"), 7, shipped}));
        insert(staging, schema, List.of(
                new Object[] {"eu", 1L, new BigDecimal("10.00"), 5, shipped},
                new Object[] {"eu", 2L, new BigDecimal("21.00"), 6, shipped},
                new Object[] {"us", 1L, new BigDecimal("30.00"), null, shipped},
                new Object[] {"us", 2L, null, 1, null}));
        String merge = SqlServerSql.mergeStagedAndTruncate(DIALECT, table, schema, "[dbo].[ferry_staging]");

        int written;
        try (Statement statement = connection.createStatement()) {
            statement.execute(H2SqlServer.withoutTableHint(merge));
            written = statement.getUpdateCount();
        }

        assertThat(written).as("the unchanged row eu/1 is not rewritten").isEqualTo(3);
        assertThat(rows(table, schema, "[region], [Line No]")).containsExactly(
                List.of("eu", 1L, new BigDecimal("10.00"), 5, shipped),
                List.of("eu", 2L, new BigDecimal("21.00"), 6, shipped),
                Arrays.asList("us", 1L, new BigDecimal("30.00"), null, shipped),
                Arrays.asList("us", 2L, null, 1, null));
        assertThat(rows(staging, schema, "[region]")).as("staging is emptied for the next batch").isEmpty();
    }

    @Test
    void oneRowMergesRunAsBatchedStatementsAndSkipUnchangedRows() throws SQLException {
        StreamSchema schema = new StreamSchema("prices", List.of(
                new Column("sku", ColumnType.STRING, false, 12, 0),
                new Column("price", ColumnType.DECIMAL, true, 10, 2),
                Column.of("valid from", ColumnType.DATE)), List.of("sku"));
        TableName table = new TableName("dbo", "prices");
        H2SqlServer.execute(connection, SqlServerSql.createTable(DIALECT, table, schema));
        LocalDate day = LocalDate.of(2024, 2, 29);

        int[] first = upsertOneByOne(table, schema, List.of(
                new Object[] {"A-1", new BigDecimal("1.50"), day}, new Object[] {"B-2", null, null}));
        int[] second = upsertOneByOne(table, schema, List.of(
                new Object[] {"A-1", new BigDecimal("1.50"), day}, new Object[] {"B-2", new BigDecimal("2.00"), null}));

        assertThat(first).containsExactly(1, 1);
        assertThat(second).as("A-1 did not change").containsExactly(0, 1);
        assertThat(rows(table, schema, "[sku]")).containsExactly(
                List.of("A-1", new BigDecimal("1.50"), day), Arrays.asList("B-2", new BigDecimal("2.00"), null));
    }

    /**
     * An incremental read through the dialect's reader: tinyint arrives as Short, bit as Boolean,
     * uniqueidentifier as UUID, decimals with their scale; the bound (bound as text) includes the
     * row equal to it to the last 100 ns.
     */
    @Test
    void readsBatchesOfTypedValuesFromABoundInclusive() throws SQLException {
        H2SqlServer.execute(connection, "CREATE TABLE [dbo].[ventas] ([conduce] bigint NOT NULL PRIMARY KEY, [tipo] tinyint NULL,"
                + " [facturado] bit NOT NULL, [ref] uniqueidentifier NULL, [monto] decimal(14,2) NOT NULL, [fecha] date NULL,"
                + " [hora] time(7) NULL, [ultima modificacion] datetime2(7) NOT NULL)");
        LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0, 0, 100);
        UUID ref = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO [dbo].[ventas] VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                insert.setLong(1, i);
                // H2's tinyint is signed; SQL Server's goes to 255
                insert.setShort(2, (short) (120 + i));
                insert.setBoolean(3, i % 2 == 0);
                insert.setObject(4, i == 4 ? ref : null);
                insert.setBigDecimal(5, new BigDecimal("12.5").multiply(BigDecimal.valueOf(i)));
                insert.setObject(6, LocalDate.of(2024, 1, i));
                insert.setObject(7, LocalTime.of(8, i, 0, 1_500));
                insert.setObject(8, base.plusMinutes(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<SqlColumn> declared = List.of(new SqlColumn("conduce", "bigint", 19, 0, false),
                new SqlColumn("tipo", "tinyint", 3, 0, true), new SqlColumn("facturado", "bit", 1, 0, false),
                new SqlColumn("ref", "uniqueidentifier", 36, 0, true), new SqlColumn("monto", "decimal", 14, 2, false),
                new SqlColumn("fecha", "date", 10, 0, true), new SqlColumn("hora", "time", 16, 7, true),
                new SqlColumn("ultima modificacion", "datetime2", 27, 7, false));
        StreamSchema schema = new StreamSchema("ventas", declared.stream().map(DIALECT::toColumn).toList(), List.of("conduce"));
        Column cursor = schema.column("ultima modificacion");
        String sql = ReadQuery.build(DIALECT, StreamRef.ofObject("ventas", "dbo.ventas"), schema.columnNames(), cursor.name(), true);
        ReadPlan plan = new ReadPlan(schema, schema.columns(), sql, cursor, base.plusMinutes(3), null, 2,
                ReadRequest.DEFAULT_BATCH_BYTES);

        List<RecordBatch> batches = new ArrayList<>();
        try (StreamReader reader = DIALECT.openReader("ventas", DriverManager.getConnection(connection.getMetaData().getURL()), plan)) {
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                batches.add(batch);
            }
        }

        assertThat(batches).extracting(RecordBatch::size).containsExactly(2, 1);
        assertThat(batches.get(0).records()).containsExactly(
                ChangeRecord.upsert(new Object[] {3L, (short) 123, false, null, new BigDecimal("37.50"),
                        LocalDate.of(2024, 1, 3), LocalTime.of(8, 3, 0, 1_500), base.plusMinutes(3)}),
                ChangeRecord.upsert(new Object[] {4L, (short) 124, true, ref, new BigDecimal("50.00"),
                        LocalDate.of(2024, 1, 4), LocalTime.of(8, 4, 0, 1_500), base.plusMinutes(4)}));
        assertThat(batches.get(1).records().getFirst().value(0)).isEqualTo(5L);
        assertThat(batches.get(1).checkpoint())
                .isEqualTo(new Checkpoint.CursorValue("ultima modificacion", ColumnType.TIMESTAMP, base.plusMinutes(5)));
    }

    @Test
    void destinationColumnsAreMatchedByNameIgnoringCase() throws SQLException {
        H2SqlServer.execute(connection,
                "CREATE TABLE [dbo].[dest] ([Owned] int NULL, [AT] datetime2(7) NULL, [Id] bigint NOT NULL, [Note] nvarchar(max) NULL)");
        StreamSchema schema = new StreamSchema("dest", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("note", ColumnType.TEXT), Column.of("at", ColumnType.TIMESTAMP)), List.of("id"));
        TableName table = new TableName("dbo", "dest");

        TargetColumns target = TargetColumns.read(connection, SqlServerSql.describeColumns(DIALECT, table), schema, "dbo.dest");

        assertThat(target.ordinals()).containsExactly(3, 4, 2);
        assertThat(target.typeNames()).containsExactly("BIGINT", "CHARACTER VARYING", "TIMESTAMP");
        StreamSchema more = new StreamSchema("dest", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("missing", ColumnType.TEXT)), List.of("id"));
        assertThatThrownBy(() -> TargetColumns.read(connection, SqlServerSql.describeColumns(DIALECT, table), more, "dbo.dest"))
                .isInstanceOf(FerryException.class)
                .hasMessage("Table dbo.dest has no column missing; its columns are [Owned, AT, Id, Note]");
    }

    @Test
    void anIdentityColumnInTheDestinationIsRefusedLoudly() throws SQLException {
        H2SqlServer.execute(connection, "CREATE TABLE [dbo].[numbered] ([id] bigint IDENTITY(1,1) NOT NULL, [name] nvarchar(20) NULL)");
        TableName table = new TableName("dbo", "numbered");
        StreamSchema withId = new StreamSchema("numbered", List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("name", ColumnType.STRING)), List.of("id"));
        StreamSchema withoutId = new StreamSchema("numbered", List.of(Column.of("name", ColumnType.STRING)), List.of());

        assertThatThrownBy(() -> TargetColumns.read(connection, SqlServerSql.describeColumns(DIALECT, table), withId, "dbo.numbered"))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("column id is an IDENTITY column");
        assertThat(TargetColumns.read(connection, SqlServerSql.describeColumns(DIALECT, table), withoutId, "dbo.numbered")
                .ordinals()).containsExactly(2);
    }

    private void insert(TableName table, StreamSchema schema, List<Object[]> rows) throws SQLException {
        String placeholders = String.join(", ", schema.columns().stream().map(c -> "?").toList());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + DIALECT.quote(table) + " VALUES (" + placeholders + ")")) {
            for (Object[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    ValueBinders.bind(DIALECT, insert, c + 1, schema.columns().get(c), row[c]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private int[] upsertOneByOne(TableName table, StreamSchema schema, List<Object[]> rows) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(H2SqlServer.withoutTableHint(DIALECT.upsertSql(table, schema)))) {
            for (Object[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    ValueBinders.bind(DIALECT, upsert, c + 1, schema.columns().get(c), row[c]);
                }
                upsert.addBatch();
            }
            return upsert.executeBatch();
        }
    }

    /** Every row, each as a list of values read the dialect's way, ordered by {@code orderBy}. */
    private List<List<Object>> rows(TableName table, StreamSchema schema, String orderBy) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + DIALECT.quote(table) + " ORDER BY " + orderBy)) {
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < schema.columns().size(); c++) {
                    row.add(DIALECT.reader(schema.columns().get(c)).read(result, c + 1));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<String> column(TableName table, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + DIALECT.quote(column, "column") + " FROM " + DIALECT.quote(table))) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}

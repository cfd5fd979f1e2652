package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.ReadQuery;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact T-SQL the dialect generates for a table with a composite key and names that need quoting. */
class SqlServerStatementsTest {
    static final SqlServerDialect DIALECT = new SqlServerDialect();
    static final TableName LINES = new TableName("sales", "Order Lines");
    static final StreamSchema SCHEMA = new StreamSchema("lines", List.of(
            new Column("region", ColumnType.STRING, false, 8, 0),
            new Column("Line No", ColumnType.BIGINT, false, 0, 0),
            new Column("unit price", ColumnType.DECIMAL, true, 12, 2),
            Column.of("note", ColumnType.TEXT),
            new Column("shipped at", ColumnType.TIMESTAMP, false, 0, 0)), List.of("region", "Line No"));

    private static final String COLUMNS = "[region], [Line No], [unit price], [note], [shipped at]";
    private static final String KEY_MATCH = " ON ferry_target.[region] = ferry_source.[region]"
            + " AND ferry_target.[Line No] = ferry_source.[Line No]";
    private static final String WHEN_CHANGED = " WHEN MATCHED AND ("
            + "(ferry_target.[unit price] <> ferry_source.[unit price]"
            + " OR (ferry_target.[unit price] IS NULL AND ferry_source.[unit price] IS NOT NULL)"
            + " OR (ferry_target.[unit price] IS NOT NULL AND ferry_source.[unit price] IS NULL))"
            + " OR (ferry_target.[note] COLLATE Latin1_General_BIN2 <> ferry_source.[note] COLLATE Latin1_General_BIN2"
            + " OR DATALENGTH(ferry_target.[note]) <> DATALENGTH(ferry_source.[note])"
            + " OR (ferry_target.[note] IS NULL AND ferry_source.[note] IS NOT NULL)"
            + " OR (ferry_target.[note] IS NOT NULL AND ferry_source.[note] IS NULL))"
            + " OR (ferry_target.[shipped at] <> ferry_source.[shipped at]"
            + " OR (ferry_target.[shipped at] IS NULL AND ferry_source.[shipped at] IS NOT NULL)"
            + " OR (ferry_target.[shipped at] IS NOT NULL AND ferry_source.[shipped at] IS NULL)))"
            + " THEN UPDATE SET [unit price] = ferry_source.[unit price], [note] = ferry_source.[note],"
            + " [shipped at] = ferry_source.[shipped at]";
    private static final String WHEN_NEW = " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (ferry_source.[region],"
            + " ferry_source.[Line No], ferry_source.[unit price], ferry_source.[note], ferry_source.[shipped at]);";

    @Test
    void createTable() {
        String body = "CREATE TABLE [sales].[Order Lines] ([region] nvarchar(8) NOT NULL, [Line No] bigint NOT NULL,"
                + " [unit price] decimal(12,2) NULL, [note] nvarchar(max) NULL, [shipped at] datetime2(7) NOT NULL,"
                + " PRIMARY KEY ([region], [Line No]))";

        assertThat(SqlServerSql.createTable(DIALECT, LINES, SCHEMA)).isEqualTo(body);
        assertThat(DIALECT.createTableSql(LINES, SCHEMA))
                .isEqualTo("IF OBJECT_ID(N'[sales].[Order Lines]', N'U') IS NULL " + body);
        assertThat(DIALECT.createTablePrelude(LINES))
                .containsExactly("IF SCHEMA_ID(N'sales') IS NULL EXEC(N'CREATE SCHEMA [sales]')");
        assertThat(DIALECT.createTablePrelude(new TableName(null, "Order Lines"))).isEmpty();
    }

    @Test
    void createTableOfAKeylessStreamWithTextKeysAndApostrophes() {
        StreamSchema events = new StreamSchema("events", List.of(Column.of("payload", ColumnType.JSON),
                new Column("at", ColumnType.TIMESTAMP_TZ, false, 0, 0)), List.of());
        StreamSchema tags = new StreamSchema("tags", List.of(new Column("id", ColumnType.TEXT, false, 0, 0)), List.of("id"));

        assertThat(DIALECT.createTableSql(new TableName(null, "O'Brien events"), events))
                .isEqualTo("IF OBJECT_ID(N'[O''Brien events]', N'U') IS NULL CREATE TABLE [O'Brien events]"
                        + " ([payload] nvarchar(max) NULL, [at] datetimeoffset(7) NOT NULL)");
        assertThat(DIALECT.createTableSql(new TableName("dbo", "tags"), tags))
                .isEqualTo("IF OBJECT_ID(N'[dbo].[tags]', N'U') IS NULL CREATE TABLE [dbo].[tags]"
                        + " ([id] nvarchar(450) NOT NULL, PRIMARY KEY ([id]))");
        assertThat(DIALECT.createTablePrelude(new TableName("O'Brien", "x")))
                .containsExactly("IF SCHEMA_ID(N'O''Brien') IS NULL EXEC(N'CREATE SCHEMA [O''Brien]')");
    }

    @Test
    void stagingAndMerge() {
        assertThat(SqlServerSql.createStaging(DIALECT, LINES, SCHEMA, "#ferry_staging_7"))
                .isEqualTo("IF OBJECT_ID(N'tempdb..#ferry_staging_7') IS NULL SELECT TOP 0 " + COLUMNS
                        + " INTO #ferry_staging_7 FROM [sales].[Order Lines]");
        assertThat(SqlServerSql.mergeStagedAndTruncate(DIALECT, LINES, SCHEMA, "#ferry_staging_7"))
                .isEqualTo("MERGE INTO [sales].[Order Lines] WITH (HOLDLOCK) AS ferry_target"
                        + " USING #ferry_staging_7 AS ferry_source" + KEY_MATCH + WHEN_CHANGED + WHEN_NEW
                        + " TRUNCATE TABLE #ferry_staging_7;");
    }

    @Test
    void theCountingMergeNotesEachActionAndReturnsInsertedAndUpdated() {
        assertThat(SqlServerSql.mergeStagedCountingAndTruncate(DIALECT, LINES, SCHEMA, "#ferry_staging_7"))
                .isEqualTo("DECLARE @ferry_actions TABLE (action nvarchar(10));"
                        + " MERGE INTO [sales].[Order Lines] WITH (HOLDLOCK) AS ferry_target"
                        + " USING #ferry_staging_7 AS ferry_source" + KEY_MATCH + WHEN_CHANGED
                        + WHEN_NEW.substring(0, WHEN_NEW.length() - 1) + " OUTPUT $action INTO @ferry_actions;"
                        + " SELECT COUNT(CASE WHEN action = N'INSERT' THEN 1 END),"
                        + " COUNT(CASE WHEN action = N'UPDATE' THEN 1 END) FROM @ferry_actions;"
                        + " TRUNCATE TABLE #ferry_staging_7;");
    }

    @Test
    void oneRowUpsertForBatchedStatements() {
        assertThat(DIALECT.upsertSql(LINES, SCHEMA))
                .isEqualTo("MERGE INTO [sales].[Order Lines] WITH (HOLDLOCK) AS ferry_target"
                        + " USING (VALUES (?, ?, ?, ?, ?)) AS ferry_source (" + COLUMNS + ")"
                        + KEY_MATCH + WHEN_CHANGED + WHEN_NEW);
    }

    @Test
    void aTableOfKeysOnlyIsNeverUpdated() {
        StreamSchema links = new StreamSchema("links", List.of(new Column("a", ColumnType.INTEGER, false, 0, 0),
                new Column("b", ColumnType.UUID, false, 0, 0)), List.of("a", "b"));

        assertThat(SqlServerSql.mergeStagedAndTruncate(DIALECT, new TableName(null, "links"), links, "#s"))
                .isEqualTo("MERGE INTO [links] WITH (HOLDLOCK) AS ferry_target USING #s AS ferry_source"
                        + " ON ferry_target.[a] = ferry_source.[a] AND ferry_target.[b] = ferry_source.[b]"
                        + " WHEN NOT MATCHED THEN INSERT ([a], [b]) VALUES (ferry_source.[a], ferry_source.[b]);"
                        + " TRUNCATE TABLE #s;");
    }

    @Test
    void selectDeleteClearAndDescribe() {
        StreamRef stream = StreamRef.ofObject("lines", "sales.Order Lines");

        assertThat(ReadQuery.build(DIALECT, stream, SCHEMA.columnNames(), "shipped at", true))
                .isEqualTo("SELECT " + COLUMNS + " FROM [sales].[Order Lines] WHERE [shipped at] >= ? ORDER BY [shipped at]");
        assertThat(ReadQuery.build(DIALECT, stream, List.of("region", "Line No"), null, false))
                .isEqualTo("SELECT [region], [Line No] FROM [sales].[Order Lines]");
        assertThat(SqlText.deleteByKey(DIALECT, LINES, SCHEMA))
                .isEqualTo("DELETE FROM [sales].[Order Lines] WHERE [region] = ? AND [Line No] = ?");
        assertThat(DIALECT.clearTableSql(LINES)).isEqualTo("DELETE FROM [sales].[Order Lines]");
        assertThat(SqlServerSql.describeColumns(DIALECT, LINES)).isEqualTo("SELECT TOP 0 * FROM [sales].[Order Lines]");
    }

    @Test
    void valuesDifferSpellsOutNullsAndComparesTextAndBytesExactly() {
        assertThat(DIALECT.valuesDiffer(Column.of("n", ColumnType.DOUBLE), "t.n", "s.n"))
                .isEqualTo("(t.n <> s.n OR (t.n IS NULL AND s.n IS NOT NULL) OR (t.n IS NOT NULL AND s.n IS NULL))");
        assertThat(DIALECT.valuesDiffer(Column.of("j", ColumnType.JSON), "t.j", "s.j"))
                .isEqualTo("(t.j COLLATE Latin1_General_BIN2 <> s.j COLLATE Latin1_General_BIN2"
                        + " OR DATALENGTH(t.j) <> DATALENGTH(s.j)"
                        + " OR (t.j IS NULL AND s.j IS NOT NULL) OR (t.j IS NOT NULL AND s.j IS NULL))");
        assertThat(DIALECT.valuesDiffer(Column.of("b", ColumnType.BINARY), "t.b", "s.b"))
                .isEqualTo("(t.b <> s.b OR DATALENGTH(t.b) <> DATALENGTH(s.b)"
                        + " OR (t.b IS NULL AND s.b IS NOT NULL) OR (t.b IS NOT NULL AND s.b IS NULL))");
    }

    @Test
    void schemaEvolutionAddsNullableColumnsAndWidensWithTheirNullability() {
        assertThat(DIALECT.addColumnSql(LINES, Column.of("e mail", ColumnType.TEXT)))
                .isEqualTo("ALTER TABLE [sales].[Order Lines] ADD [e mail] nvarchar(max) NULL");
        assertThat(DIALECT.widenColumnSql(LINES, new Column("unit price", ColumnType.DECIMAL, true, 16, 2)))
                .containsExactly("ALTER TABLE [sales].[Order Lines] ALTER COLUMN [unit price] decimal(16,2) NULL");
        assertThat(DIALECT.widenColumnSql(LINES, new Column("note", ColumnType.STRING, false, 400, 0)))
                .containsExactly("ALTER TABLE [sales].[Order Lines] ALTER COLUMN [note] nvarchar(400) NOT NULL");
    }

    @Test
    void seenKeysLiveInATempdbTableWhoseTextTakesTheDatabaseCollation() {
        List<Column> keys = List.of(new Column("region", ColumnType.TEXT, false, 0, 0),
                new Column("Line No", ColumnType.BIGINT, false, 0, 0));

        assertThat(DIALECT.keyTableReference("ferry_seen_keys")).isEqualTo("[#ferry_seen_keys]");
        assertThat(DIALECT.createKeyTableSql("ferry_seen_keys", keys)).containsExactly(
                "CREATE TABLE [#ferry_seen_keys] ([region] nvarchar(" + SqlServerTypes.MAX_KEY_NCHARS
                        + ") COLLATE DATABASE_DEFAULT, [Line No] bigint)",
                "CREATE INDEX [ferry_seen_keys_index] ON [#ferry_seen_keys] ([region], [Line No])");
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.connectors.jdbc.sqlserver.SqlServerDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Isolated writes with the SQL Server dialect's statements, on H2 in its SQL Server mode: the
 * batched MERGE upserts, the clearing of an overwrite, savepoints the driver does not release.
 * Bulk copy, the dialect's own applier, needs a real SQL Server and is not covered here.
 */
class SqlServerIsolatedWritesOnH2Test {
    private static final StreamSchema ITEMS = new StreamSchema("items", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            new Column("code", ColumnType.STRING, true, 5, 0),
            new Column("amount", ColumnType.DECIMAL, true, 5, 2)), List.of("id"));
    private static final TableName TABLE = new TableName("dbo", "items");
    private static final Dialect DIALECT = new H2AsSqlServer();

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:isolated-" + UUID.randomUUID() + ";MODE=MSSQLServer");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA [dbo]");
            statement.execute("CREATE TABLE [dbo].[items] ([id] bigint NOT NULL PRIMARY KEY,"
                    + " [code] nvarchar(5) NOT NULL, [amount] decimal(5,2) NULL CHECK ([amount] >= 0))");
            statement.execute("CREATE UNIQUE INDEX [items_code] ON [dbo].[items] ([code])");
            statement.execute("INSERT INTO [dbo].[items] VALUES (1, 'o1', 1.00), (3, 'o3', 3.00), (99, 'o99', 9.00)");
        }
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    static ChangeRecord item(long id) {
        return item(id, "r" + id, "1.50");
    }

    static ChangeRecord item(long id, String code, String amount) {
        return ChangeRecord.upsert(new Object[] {id, code, new BigDecimal(amount)});
    }

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        List<Arguments> refusals = List.of(
                Arguments.of("NULL into NOT NULL", (LongFunction<ChangeRecord>) id -> item(id, null, "1.00")),
                Arguments.of("CHECK", (LongFunction<ChangeRecord>) id -> item(id, "neg", "-1.00")),
                Arguments.of("unique index", (LongFunction<ChangeRecord>) id -> item(id, "r1", "1.00")),
                Arguments.of("over nvarchar(5)", (LongFunction<ChangeRecord>) id -> item(id, "sixsix", "1.00")),
                Arguments.of("over decimal(5,2)", (LongFunction<ChangeRecord>) id -> item(id, "big", "1000.00")));
        for (WriteMode mode : WriteMode.values()) {
            for (Arguments refusal : refusals) {
                cases.add(Arguments.of(mode, refusal.get()[0], refusal.get()[1]));
            }
        }
        return cases.stream();
    }

    private JdbcStreamWriter writer(WriteMode mode) {
        return new JdbcStreamWriter("table " + TABLE + " of connection h2", DIALECT, connection,
                new BatchedStatementApplier(DIALECT, connection, TABLE, ITEMS), ITEMS, ITEMS, mode, null, List.of());
    }

    private static RecordBatch batch(ChangeRecord... records) {
        return new RecordBatch(List.of(records), null);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void aRefusedBatchLeavesNothingAndTheGoodRowsAreWrittenOnce(WriteMode mode, String name,
                                                                LongFunction<ChangeRecord> bad) throws SQLException {
        JdbcStreamWriter writer = writer(mode);

        assertThatThrownBy(() -> writer.writeIsolated(batch(item(1), item(2), bad.apply(3), item(4))))
                .isInstanceOf(RowsRefusedException.class).hasMessageContaining("items");
        writer.writeIsolated(batch(item(1), item(2), item(4)));
        assertThatThrownBy(() -> writer.writeIsolated(batch(item(5), bad.apply(6))))
                .isInstanceOf(RowsRefusedException.class);
        writer.writeIsolated(batch(item(5)));
        WriteCounts counts = writer.commit();

        if (mode == WriteMode.UPSERT) {
            assertThat(rows()).containsExactly("1:r1", "2:r2", "3:o3", "4:r4", "5:r5", "99:o99");
            assertThat(counts).isEqualTo(new WriteCounts(3, 1, 0, 0));
        } else {
            assertThat(rows()).as("cleared once, though the first batch was refused")
                    .containsExactly("1:r1", "2:r2", "4:r4", "5:r5");
            // A keyed overwrite goes through the upsert here, which counts what it inserted.
            assertThat(counts).isEqualTo(new WriteCounts(4, 0, 0, 0));
        }
        writer.close();
    }

    @Test
    void aMissingTableIsNotARefusalOfRows() throws SQLException {
        JdbcStreamWriter writer = writer(WriteMode.UPSERT);
        writer.writeIsolated(batch(item(1)));
        writer.commit();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE [dbo].[items]");
        }
        connection.commit();

        assertThatThrownBy(() -> writer.writeIsolated(batch(item(2))))
                .isInstanceOf(FerryException.class)
                .isNotInstanceOf(RowsRefusedException.class);
        writer.abort();
    }

    /** Each row as {@code id:code}, by id, as the writer's own transaction sees them after its commit. */
    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT [id], [code] FROM [dbo].[items] ORDER BY [id]");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(result.getLong(1) + ":" + result.getString(2));
            }
        }
        return rows;
    }

    /**
     * The SQL Server dialect as far as H2 runs it: its MERGE without the table hint and the collation
     * H2 lacks, OCTET_LENGTH for DATALENGTH, and no XACT_ABORT to turn off (a failed statement never
     * ends an H2 transaction).
     */
    private static final class H2AsSqlServer implements Dialect {
        private final SqlServerDialect sqlServer = new SqlServerDialect();

        @Override
        public String type() {
            return sqlServer.type();
        }

        @Override
        public String urlPrefix() {
            return sqlServer.urlPrefix();
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
        public Column toColumn(SqlColumn column) {
            return sqlServer.toColumn(column);
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
        public String clearTableSql(TableName table) {
            return sqlServer.clearTableSql(table);
        }

        @Override
        public boolean releasesSavepoints() {
            return sqlServer.releasesSavepoints();
        }

        @Override
        public String upsertSql(TableName table, StreamSchema schema) {
            String merge = sqlServer.upsertSql(table, schema);
            assertThat(merge).contains(" WITH (HOLDLOCK)", " COLLATE Latin1_General_BIN2", "DATALENGTH(");
            return merge.replace(" WITH (HOLDLOCK)", "").replace(" COLLATE Latin1_General_BIN2", "")
                    .replace("DATALENGTH(", "OCTET_LENGTH(");
        }
    }
}

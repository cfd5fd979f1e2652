package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.sqlserver.H2SqlServer;
import dev.ferry.connectors.jdbc.sqlserver.SqlServerDialect;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type fidelity matrix towards SQL Server, as far as H2 in its SQL Server mode goes (no SQL
 * Server can run here): the source tables of {@link TypeFidelityMatrixTest}, read through Ferry
 * from each real engine, land in a table made by the SQL Server dialect's CREATE TABLE, with every
 * value bound the dialect's way, and are read back through its column readers. Not covered:
 * timestamps with a zone (H2 has no datetimeoffset), bulk copy and MERGE (SQL Server's own
 * protocol; H2 cannot type MERGE's parameters here) and SQL Server's own conversions.
 */
class SqlServerFidelityOnH2Test {
    private static final SqlServerDialect DIALECT = new SqlServerDialect();
    private static final TableName TABLE = new TableName("dbo", "copied");

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} -> SQL Server on H2")
    @EnumSource(FidelityEngine.class)
    void everyValueButInstantsArrivesThroughTheSqlServerDialect(FidelityEngine source) throws SQLException {
        ConnectionSpec from = TestDatabases.of(source.kind(), directory, "source");
        List<FidelityProbe> probes = FidelityProbes.all().stream()
                .filter(probe -> probe.existsOn(source) && probe.on(source).type() != ColumnType.TIMESTAMP_TZ).toList();
        FidelitySource.create(source, from, probes);
        StreamSchema all = TestDatabases.schemaOf(from, FidelitySource.TABLE);
        List<Column> columns = all.columns().stream().filter(column -> column.type() != ColumnType.TIMESTAMP_TZ).toList();
        StreamSchema schema = new StreamSchema(all.name(), columns, all.keyColumns());
        List<ChangeRecord> read = TestDatabases.readAll(from, FidelitySource.TABLE).stream()
                .map(record -> ChangeRecord.upsert(columns.stream().map(column -> record.value(all.indexOf(column.name()))).toArray()))
                .toList();

        List<Object[]> copied;
        try (Connection connection = openH2()) {
            String create = DIALECT.createTableSql(TABLE, schema);
            // without the IF OBJECT_ID(...) guard, which H2 does not have
            execute(connection, create.substring(create.indexOf("CREATE TABLE")));
            insert(connection, schema, read);
            copied = rows(connection, schema);
        }

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(copied).as("rows").hasSize(FidelityProbes.VALUE_ROWS + 1);
        for (int row = 0; row < Math.min(copied.size(), FidelityProbes.VALUE_ROWS + 1); row++) {
            for (FidelityProbe probe : probes) {
                Object expected = probe.readFrom(source, row);
                Object actual = copied.get(row)[schema.indexOf(probe.name())];
                String where = "row " + (row + 1) + ", " + probe.name();
                if (expected instanceof byte[] bytes) {
                    softly.assertThat((byte[]) actual).as(where).isEqualTo(bytes);
                } else {
                    softly.assertThat(actual).as(where).isEqualTo(expected);
                }
            }
        }
        softly.assertAll();
        assertThat(DIALECT.sqlType(schema.column("c_json"))).as("JSON has no type of its own").isEqualTo("nvarchar(max)");
    }

    /**
     * The matrix's rule towards SQL Server for its edge values ({@link FidelityEdges}): each, read
     * through Ferry from a table of its own, is written by the dialect's binding (batched INSERTs:
     * H2 cannot run its MERGE here) and either arrives exactly or is refused naming table, column
     * and key, as the edge declares for SQL Server. Instants are left out, as H2 has no
     * datetimeoffset; their refusals are unit tests ({@code BulkRowsTest}, {@code SqlServerDialectTest}).
     */
    @ParameterizedTest(name = "{0} edges -> SQL Server on H2")
    @EnumSource(FidelityEngine.class)
    void everyEdgeValueArrivesExactlyOrIsRefusedNamingTableColumnAndKey(FidelityEngine source) throws SQLException {
        ConnectionSpec from = TestDatabases.of(source.kind(), directory, "source");
        List<String> broken = new ArrayList<>();
        try (Connection connection = openH2()) {
            for (FidelityEdge edge : FidelityEdges.all()) {
                if (!edge.existsOn(source) || edge.probe().on(source).type() == ColumnType.TIMESTAMP_TZ) {
                    continue;
                }
                String cell = edge.name() + " " + source + " -> SQL Server on H2";
                FidelitySource.createOne(source, from, edge.table(), edge.probe());
                StreamSchema keyed = TestDatabases.schemaOf(from, edge.table());
                // without a key, so the applier inserts (its MERGE does not run on H2); messages name the first column
                StreamSchema schema = new StreamSchema(keyed.name(), keyed.columns(), List.of());
                List<Object[]> rows = TestDatabases.readAll(from, edge.table()).stream().map(ChangeRecord::values).toList();
                TableName table = new TableName("dbo", edge.table());
                String create = DIALECT.createTableSql(table, schema);
                execute(connection, create.substring(create.indexOf("CREATE TABLE")));
                FidelityRule.Outcome outcome;
                try (BatchedStatementApplier applier = new BatchedStatementApplier(DIALECT, connection, table, schema)) {
                    applier.insert(rows);
                    outcome = FidelityRule.Outcome.ARRIVED;
                } catch (RejectedValueException rejected) {
                    if (!List.of(table.toString(), edge.name(), "id=1").equals(List.of(String.valueOf(rejected.table()),
                            rejected.column(), String.valueOf(rejected.key())))) {
                        broken.add(cell + ": the refusal names the wrong place: " + rejected.getMessage());
                    }
                    outcome = FidelityRule.Outcome.REFUSED;
                } catch (SQLException | RuntimeException e) {
                    broken.add(cell + ": the write failed with an error that names no row: " + e);
                    continue;
                }
                List<Object[]> copied = rows(connection, table, schema);
                FidelityRule.Outcome promised = edge.isRefusedBy(FidelityTarget.SQLSERVER_ON_H2)
                        ? FidelityRule.Outcome.REFUSED : FidelityRule.Outcome.ARRIVED;
                if (outcome != promised) {
                    broken.add(cell + ": " + outcome + ", but the matrix promises " + promised);
                } else if (outcome == FidelityRule.Outcome.REFUSED && !copied.isEmpty()) {
                    broken.add(cell + ": the refused row's write left rows behind");
                } else if (outcome == FidelityRule.Outcome.ARRIVED && (copied.size() != 1
                        || !FidelityRule.sameValue(edge.readFrom(source), copied.getFirst()[schema.indexOf(edge.name())]))) {
                    broken.add(cell + ": the value changed: " + edge.readFrom(source) + " arrived as "
                            + (copied.isEmpty() ? "nothing" : copied.getFirst()[schema.indexOf(edge.name())]));
                }
            }
        }
        assertThat(broken).as("cells that neither arrived exactly nor were refused as promised").isEmpty();
    }

    private static Connection openH2() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:fidelity-" + UUID.randomUUID() + ";MODE=MSSQLServer");
        execute(connection, "CREATE SCHEMA [dbo]",
                "CREATE ALIAS SCHEMA_NAME FOR '" + H2SqlServer.class.getName() + ".defaultSchema'");
        return connection;
    }

    /**
     * An INSERT with each value bound by the dialect. The dialect's MERGE cannot run here with
     * these columns: H2 types its untyped parameters as text and will not compare them to a bit.
     */
    private static void insert(Connection connection, StreamSchema schema, List<ChangeRecord> records) throws SQLException {
        String insert = "INSERT INTO " + DIALECT.quote(TABLE) + " (" + SqlText.columnList(DIALECT, TABLE, schema.columnNames())
                + ") VALUES (" + String.join(", ", schema.columns().stream().map(column -> "?").toList()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (ChangeRecord record : records) {
                for (int c = 0; c < schema.columns().size(); c++) {
                    ValueBinders.bind(DIALECT, statement, c + 1, schema.columns().get(c), record.value(c));
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Every row, read by the dialect's column readers, in key order. */
    private static List<Object[]> rows(Connection connection, StreamSchema schema) throws SQLException {
        return rows(connection, TABLE, schema);
    }

    private static List<Object[]> rows(Connection connection, TableName table, StreamSchema schema) throws SQLException {
        List<ColumnReader> readers = schema.columns().stream().map(DIALECT::reader).toList();
        List<Object[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + SqlText.columnList(DIALECT, table, schema.columnNames())
                     + " FROM " + DIALECT.quote(table) + " ORDER BY [id]")) {
            while (result.next()) {
                Object[] row = new Object[readers.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = readers.get(c).read(result, c + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}

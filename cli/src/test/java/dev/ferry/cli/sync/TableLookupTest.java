package dev.ferry.cli.sync;

import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.cli.Ferry;
import dev.ferry.connectors.jdbc.JdbcConnectorFactory;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.PipelineRunner;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunListener;
import dev.ferry.engine.run.RunOptions;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.run.StreamPreview;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lookups in a PostgreSQL table through a connection of a pipeline that syncs a SQLite file into
 * another: values looked up, missing keys by their policy, the table read once per run however many
 * streams use it, a table over its row limit refused, and the same lookups in a preview.
 */
class TableLookupTest {
    @TempDir
    Path dir;

    private String crmUrl;
    private final CountingConnectors connectors = new CountingConnectors();

    @BeforeEach
    void databases() throws SQLException {
        crmUrl = TestPostgres.freshDatabase("ferry_lookup");
        execute(crmUrl, "CREATE SCHEMA crm",
                "CREATE TABLE crm.stages (code text PRIMARY KEY, label varchar(20) NOT NULL, rank integer)",
                "INSERT INTO crm.stages VALUES ('closedwon', 'FINISHED', 3), ('closedlost', 'LOST', 9), ('open', 'OPEN', 1)",
                "CREATE TABLE status_codes (code integer PRIMARY KEY, name varchar(12))",
                "INSERT INTO status_codes VALUES (1, 'ON_TIME'), (2, 'AT_RISK'), (3, 'FINISHED')");
        execute("jdbc:sqlite:" + dir.resolve("source.db"),
                "CREATE TABLE deals (id INTEGER PRIMARY KEY, stage TEXT, status INTEGER)",
                "INSERT INTO deals VALUES (1, 'closedwon', 1), (2, 'closedlost', 2), (3, 'open', 3), (4, NULL, NULL)",
                "CREATE TABLE tickets (id INTEGER PRIMARY KEY, stage TEXT)",
                "INSERT INTO tickets VALUES (1, 'open'), (2, 'closedwon'), (3, 'reopened')");
    }

    @Test
    void twoStreamsLookUpInOneTableThatEachRunReadsOnceAndMissingKeysGetTheDefault() throws Exception {
        PipelineConfig config = pipeline("""
                - table: deals
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label}
                    - lookup: {column: status, connection: crm, table: status_codes, key_column: code, field: name}
                - table: tickets
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label,
                               missing: default, default: UNKNOWN}
                """);

        RunResult first = run(config);

        assertThat(first.status()).as(first.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rows("SELECT id, stage, status FROM deals ORDER BY id"))
                .containsExactly("1|FINISHED|ON_TIME", "2|LOST|AT_RISK", "3|OPEN|FINISHED", "4|null|null");
        assertThat(rows("SELECT id, stage FROM tickets ORDER BY id")).containsExactly("1|OPEN", "2|FINISHED", "3|UNKNOWN");
        assertThat(connectors.readsThrough("crm")).as("each table once, though two streams look up in crm.stages")
                .containsExactlyInAnyOrder("crm.stages[code, label]", "status_codes[code, name]");

        execute(crmUrl, "UPDATE crm.stages SET label = 'WON' WHERE code = 'closedwon'");
        RunResult second = run(config);

        assertThat(second.status()).as(second.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(connectors.readsThrough("crm")).as("the next run reads the tables afresh").hasSize(4);
        assertThat(rows("SELECT id, stage FROM deals ORDER BY id")).startsWith("1|WON");
        assertThat(rows("SELECT id, stage FROM tickets ORDER BY id")).contains("2|WON");
    }

    @Test
    void aMissingKeyFailsItsRowByDefaultAndSkipRowLeavesItOutWithTheTablesColumnsAdded() throws Exception {
        PipelineConfig config = pipeline("""
                - table: tickets
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label}
                - name: ranked
                  table: tickets
                  destination_table: ranked_tickets
                  transforms:
                    - lookup_columns: {key: stage, connection: crm, table: crm.stages, key_column: code,
                                       add: {stage_label: label, stage_rank: rank}, missing: skip_row}
                """);

        RunResult result = run(config);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("tickets").contains("no mapping for 'reopened' in table crm.stages through"
                + " connection crm").contains("id=3");
        assertThat(rows("SELECT id, stage, stage_label, stage_rank FROM ranked_tickets ORDER BY id"))
                .containsExactly("1|open|OPEN|1", "2|closedwon|FINISHED|3");
        assertThat(columnTypes("ranked_tickets")).as("the types of the table's columns: integer and varchar")
                .containsEntry("stage_rank", "INT4").containsEntry("stage_label", "VARCHAR");
    }

    @Test
    void aTableOverItsRowLimitOrWithADuplicateKeyIsRefusedNamingTableAndConnection() throws Exception {
        execute(crmUrl, "CREATE TABLE regions (code text, name text)",
                "INSERT INTO regions VALUES ('RM', 'Roma'), ('MI', 'Milano'), ('RM', 'Rieti')");
        PipelineConfig config = pipeline("""
                - table: deals
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label,
                               max_rows: 2}
                - table: tickets
                  transforms:
                    - lookup: {column: stage, connection: crm, table: regions, key_column: code, field: name}
                """);

        RunResult result = run(config);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error())
                .contains("deals: Stream deals: transform 1 (lookup on stage): Table crm.stages through connection crm"
                        + " has more than 2 rows, over the limit for a lookup table")
                .contains("tickets: Stream tickets: transform 1 (lookup on stage): Table regions through connection crm:"
                        + " key 'RM' is in more than one row of column code");
        assertThat(tables()).as("nothing written").doesNotContain("deals", "tickets");
    }

    @Test
    void aConnectionThatCannotBeReachedFailsTheStreamNamingItAndNotItsPassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: deals
                connections:
                  src: {url: "jdbc:sqlite:source.db"}
                  dst: {url: "jdbc:sqlite:warehouse.db"}
                  crm: {url: "jdbc:postgresql://127.0.0.1:1/crm", user: ferry, password: "${env:CRM_PASSWORD}",
                        connect_timeout: 1s}
                source: src
                destination: dst
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - table: deals
                    transforms:
                      - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label}
                """);
        PipelineConfig config = PipelineLoader.load(file, Map.of("CRM_PASSWORD", "s3cret-Passw0rd"));

        RunResult result = run(config);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("Table crm.stages through connection crm cannot be read")
                .contains("127.0.0.1:1").doesNotContain("s3cret-Passw0rd");
    }

    @Test
    void aPreviewLooksUpInTheTableAndShowsTheColumnTypesAndEachRowsError() throws Exception {
        PipelineConfig config = pipeline("""
                - table: tickets
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label}
                """);

        StreamPreview.Result preview = StreamPreview.of(config, config.streams().getFirst(), 10,
                ConnectorRegistry.of(List.of(connectors)));

        assertThat(preview.outputSchema().column("stage").type()).isEqualTo(ColumnType.STRING);
        assertThat(preview.outputSchema().column("stage").precision()).isEqualTo(20);
        assertThat(preview.rows()).hasSize(3);
        assertThat(preview.rows().get(0).transformed()).containsExactly(1L, "OPEN");
        assertThat(preview.rows().get(1).transformed()).containsExactly(2L, "FINISHED");
        assertThat(preview.rows().get(2).transformed()).isNull();
        assertThat(preview.rows().get(2).error()).contains("no mapping for 'reopened' in table crm.stages through"
                + " connection crm");
        assertThat(connectors.readsThrough("crm")).containsExactly("crm.stages[code, label]");
        assertThat(Files.exists(dir.resolve("warehouse.db"))).as("a preview writes nothing").isFalse();
    }

    @Test
    void validateConnectChecksATableLookupsColumnsWithoutReadingItsRows() throws Exception {
        pipeline("""
                - table: deals
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: label,
                               max_rows: 1}
                - table: tickets
                  transforms:
                    - lookup: {column: stage, connection: crm, table: crm.stages, key_column: code, field: labell}
                """);
        Path file = dir.resolve("pipeline.yml");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "validate", file.toString(), "--connect");

        assertThat(code).as(out.toString()).isEqualTo(2);
        assertThat(err.toString().strip().lines()).as("deals' table is over max_rows: 1, which only a read would find").containsExactly(
                file + ":14:5: streams[1]: Stream tickets: transform 1 (lookup on stage): Table crm.stages through"
                        + " connection crm cannot be read: Stream crm.stages: column labell does not exist; its columns"
                        + " are [code, label, rank]");
    }

    private PipelineConfig pipeline(String streams) throws Exception {
        Path file = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: deals
                connections:
                  src: {url: "jdbc:sqlite:source.db"}
                  dst: {url: "jdbc:sqlite:warehouse.db"}
                  crm: {url: "%s"}
                source: src
                destination: dst
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                %s
                """.formatted(crmUrl, streams.indent(2)));
        return PipelineLoader.load(file, Map.of());
    }

    private RunResult run(PipelineConfig config) {
        try (StateStore state = StateStores.open(config.state())) {
            PipelineRunner runner = new PipelineRunner(ConnectorRegistry.of(List.of(connectors)), state,
                    new RetryPolicy(1, Duration.ZERO));
            return runner.run(config, RunOptions.all("test"), new RunControl(), RunListener.NONE);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new java.util.HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             ResultSet columns = connection.getMetaData().getColumns(null, null, table, null)) {
            while (columns.next()) {
                types.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME"));
            }
        }
        return types;
    }

    private List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             ResultSet result = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (result.next()) {
                tables.add(result.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The JDBC connectors, remembering every read of a table: its connection, table and columns. */
    private static final class CountingConnectors implements ConnectorFactory {
        private final JdbcConnectorFactory jdbc = new JdbcConnectorFactory();
        private final List<String> reads = Collections.synchronizedList(new ArrayList<>());

        /** The reads through connection {@code name}, each as {@code table[columns]}. */
        List<String> readsThrough(String name) {
            synchronized (reads) {
                return reads.stream().filter(read -> read.startsWith(name + ":"))
                        .map(read -> read.substring(name.length() + 1)).toList();
            }
        }

        @Override
        public Set<String> types() {
            return jdbc.types();
        }

        @Override
        public String typeForUrl(String url) {
            return jdbc.typeForUrl(url);
        }

        @Override
        public Destination openDestination(ConnectionSpec spec) {
            return jdbc.openDestination(spec);
        }

        @Override
        public Source openSource(ConnectionSpec spec) {
            Source source = jdbc.openSource(spec);
            return new Source() {
                @Override
                public void check() {
                    source.check();
                }

                @Override
                public List<DiscoveredStream> discover() {
                    return source.discover();
                }

                @Override
                public StreamSchema describe(StreamRef stream, List<String> columns) {
                    return source.describe(stream, columns);
                }

                @Override
                public OptionalLong estimateRows(StreamRef stream) {
                    return source.estimateRows(stream);
                }

                @Override
                public StreamReader open(ReadRequest request) {
                    reads.add(spec.name() + ":" + request.stream().object() + request.columns());
                    return source.open(request);
                }

                @Override
                public void close() {
                    source.close();
                }
            };
        }
    }
}

package dev.ferry.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.e2e.ChildFerry;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ferry} command line as a user meets it: exit codes, what is printed where, and that
 * the commands act on real SQLite files and a real PostgreSQL server.
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int ITEMS = 120;
    private static final int TAGS = 3;

    /** A valid pipeline over {@code source.db}: an incremental stream and a hash stream. */
    private static final String PIPELINE = """
            pipeline: shop
            connections:
              src:
                url: jdbc:sqlite:source.db
              dst:
                url: jdbc:sqlite:warehouse.db
            source: src
            destination: dst
            state:
              url: jdbc:sqlite:state.db
            streams:
              - table: items
                sync: incremental
                cursor: updated_at
              - table: tags
                sync: hash
            """;

    @TempDir
    Path dir;

    private Path pipeline;
    private Path source;
    private Path warehouse;

    @BeforeEach
    void createSource() throws Exception {
        source = dir.resolve("source.db");
        warehouse = dir.resolve("warehouse.db");
        pipeline = write("pipeline.yml", PIPELINE);
        try (Connection connection = sqlite(source); Statement statement = connection.createStatement()) {
            statement.execute("create table items (id integer primary key, name text not null, price numeric(10,2), "
                    + "updated_at integer not null)");
            statement.execute("create table tags (tag varchar(20) primary key, weight real)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into items values (?, ?, ?, ?)")) {
                for (int id = 1; id <= ITEMS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "item " + id);
                    insert.setString(3, id + ".25");
                    insert.setInt(4, 1000 + id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.execute("insert into tags values ('red', 1.5), ('green', 2.0), ('blue', null)");
            connection.commit();
        }
    }

    // ---- validate ----

    @Test
    void everyCommandShowsItsHelpAndExitsZero() {
        for (String command : new String[] {"run", "validate", "check", "discover", "status", "demo"}) {
            Result result = ferry(command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: ferry " + command + " [-h]").contains("-h, --help");
            assertThat(result.err()).as(command).isEmpty();
        }
        assertThat(ferry("run", "--help").out()).contains("--reconcile-deletes");
    }

    @Test
    void validateAcceptsAGoodPipelineWithoutConnecting() {
        Result result = ferry("validate", pipeline.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo(pipeline + ": pipeline shop is valid, 2 stream(s)");
        assertThat(result.err()).isEmpty();
        assertThat(warehouse).as("validate connects to nothing").doesNotExist();
        assertThat(dir.resolve("state.db")).doesNotExist();
    }

    @Test
    void validateReportsEveryMistakeWithFileLineFieldAndSuggestion() throws Exception {
        Path broken = write("broken.yml", """
                pipeline: shop
                connections:
                  src:
                    url: jdbc:sqlite:source.db
                  dst:
                    type: sqlite
                source: src
                destinaton: dst
                state:
                  url: jdbc:sqlite:state.db
                streams:
                  - table: items
                    sync: incremental
                    cursor: updated_at
                  - table: tags
                    sync: mirror
                """);

        Result result = ferry("validate", broken.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip().lines()).containsExactly(
                broken + ":1:1: destination: is required: the name of a connection under connections (src, dst)",
                broken + ":5:3: connections.dst.url: is required, as in jdbc:postgresql://host:5432/db or jdbc:sqlite:data/app.db",
                broken + ":8:1: destinaton: unknown key 'destinaton'; did you mean 'destination'?",
                broken + ":16:11: streams[1].sync: must be one of full_refresh, incremental, hash, changes, not 'mirror'");
    }

    @Test
    void validateJsonListsTheProblemsWithTheFileAsGiven() throws Exception {
        Path broken = write("broken.yml", PIPELINE.replace("    sync: incremental\n", "    sync: incremntal\n"));

        Result result = ferry("validate", broken.toString(), "--json");

        assertThat(result.exitCode()).isEqualTo(2);
        JsonNode document = JSON.readTree(result.out());
        assertThat(document.get("valid").asBoolean()).isFalse();
        assertThat(document.get("problems")).hasSize(1);
        JsonNode problem = document.get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo(broken.toString());
        assertThat(problem.get("line").asInt()).isEqualTo(13);
        assertThat(problem.get("field").asText()).isEqualTo("streams[0].sync");
        assertThat(problem.get("message").asText())
                .isEqualTo("must be one of full_refresh, incremental, hash, changes, not 'incremntal'; did you mean 'incremental'?");
    }

    // ---- run ----

    @Test
    void runOnAMissingFileIsAUsageError() {
        Path missing = dir.resolve("nowhere.yml");

        Result result = ferry("run", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(missing + ": cannot read the file");
        assertThat(dir.resolve(".ferry")).doesNotExist();
    }

    @Test
    void runOnAnInvalidPipelineIsAUsageErrorAndTouchesNothing() throws Exception {
        Path broken = write("broken.yml", PIPELINE.replace("cursor: updated_at", "cursr: updated_at"));

        Result result = ferry("run", broken.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(broken + ":14:5: streams[0].cursr: unknown key 'cursr'; did you mean 'cursor'?");
        assertThat(warehouse).doesNotExist();
        assertThat(dir.resolve("state.db")).doesNotExist();
    }

    @Test
    void runFailsNamingTheStreamWhoseTableDoesNotExistAndStillRunsTheOthers() throws Exception {
        Path withGhost = write("ghost.yml", PIPELINE + """
                  - table: orders_2019
                    name: old_orders
                """);

        Result result = ferry("run", withGhost.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("failed").contains("error: old_orders: ").contains("orders_2019");
        assertThat(result.err()).contains("[old_orders] failed: ").contains("orders_2019");
        assertThat(count(warehouse, "items")).as("a failing stream does not stop the others").isEqualTo(ITEMS);
        assertThat(count(warehouse, "tags")).isEqualTo(TAGS);
    }

    @Test
    void aRunWhereSeveralStreamsFailNamesEachOfThemInItsSummaryJsonAndStatus() throws Exception {
        Path withGhosts = write("ghosts.yml", PIPELINE + """
                  - table: orders_2019
                    name: old_orders
                  - table: orders_2018
                    name: older_orders
                """);

        Result text = ferry("run", withGhosts.toString());
        Result json = ferry("run", withGhosts.toString(), "--json");
        Result status = ferry("status", withGhosts.toString());

        assertThat(text.exitCode()).isEqualTo(1);
        List<String> errors = text.out().lines().filter(line -> line.startsWith("  error: ")).toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("  error: old_orders: ").contains("orders_2019");
        assertThat(errors.get(1)).startsWith("  error: older_orders: ").contains("orders_2018");
        String error = JSON.readTree(json.out()).get("error").asText();
        assertThat(error.lines()).hasSize(2).anySatisfy(line -> assertThat(line).startsWith("old_orders: "))
                .anySatisfy(line -> assertThat(line).startsWith("older_orders: "));
        assertThat(status.out().lines().filter(line -> line.strip().startsWith("error: older_orders: "))).hasSize(2);
    }

    @Test
    void runJsonPrintsOneDocumentWithPerStreamCounts() throws Exception {
        Result result = ferry("run", pipeline.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("status").asText()).isEqualTo("succeeded");
        assertThat(report.get("runId").asLong()).isEqualTo(1);
        assertThat(report.get("error").isNull()).isTrue();
        assertThat(report.get("read").asLong()).isEqualTo(ITEMS + TAGS);
        assertThat(report.get("written").asLong()).isEqualTo(ITEMS + TAGS);
        assertThat(report.get("inserted").asLong()).isEqualTo(ITEMS + TAGS);
        assertThat(report.get("updated").asLong()).isZero();
        assertThat(report.get("unchanged").asLong()).isZero();
        assertThat(streamCounts(report.get("streams"))).containsExactly(
                "items read=120 inserted=120 updated=0 unchanged=0 deleted=0",
                "tags read=3 inserted=3 updated=0 unchanged=0 deleted=0");
        assertThat(result.err()).as("--json keeps the progress display quiet").isEmpty();
        assertThat(rows(warehouse, "select id, name, price, updated_at from items order by id"))
                .isEqualTo(rows(source, "select id, name, price, updated_at from items order by id"));
    }

    @Test
    void runStreamRunsOnlyThatStream() throws Exception {
        Result result = ferry("run", pipeline.toString(), "--stream", "tags", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(streamCounts(JSON.readTree(result.out()).get("streams")))
                .containsExactly("tags read=3 inserted=3 updated=0 unchanged=0 deleted=0");
        assertThat(tables(warehouse)).containsExactly("tags");
    }

    @Test
    void runStreamWithAnUnknownNameIsAUsageErrorAndRecordsNoRun() throws Exception {
        Result result = ferry("run", pipeline.toString(), "--stream", "itmes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no stream named itmes").contains("items, tags").contains("did you mean 'items'?");
        assertThat(result.out()).isEmpty();
        assertThat(warehouse).doesNotExist();

        Result status = ferry("status", pipeline.toString());
        assertThat(status.out().strip()).isEqualTo("state store jdbc:sqlite:" + dir.toAbsolutePath().normalize()
                .resolve("state.db") + " does not exist yet: no runs");
    }

    @Test
    void fullRefreshReadsAnIncrementalStreamFromTheBeginningAgain() throws Exception {
        assertThat(itemsRead(ferry("run", pipeline.toString(), "--stream", "items", "--json"))).isEqualTo(ITEMS);
        assertThat(itemsRead(ferry("run", pipeline.toString(), "--stream", "items", "--json")))
                .as("resumes at the stored cursor, inclusive: only the row holding it").isEqualTo(1);

        assertThat(itemsRead(ferry("run", pipeline.toString(), "--stream", "items", "--full-refresh", "--json")))
                .isEqualTo(ITEMS);
        assertThat(itemsRead(ferry("run", pipeline.toString(), "--stream", "items", "--json")))
                .as("the full refresh stored a new cursor").isEqualTo(1);
        assertThat(count(warehouse, "items")).isEqualTo(ITEMS);
    }

    // ---- check ----

    @Test
    void checkReportsEachConnectionOk() throws Exception {
        String postgres = TestPostgres.freshDatabase("cli_check");
        Path withPostgres = write("pg.yml", PIPELINE.replace("url: jdbc:sqlite:warehouse.db", "url: \"" + postgres + "\""));

        Result result = ferry("check", withPostgres.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip().lines().map(line -> line.replaceAll("\\s+", " ").replaceAll("\\d+ ms", "N ms")))
                .as("source, destination, then the state store")
                .containsExactly("src source ok (N ms)", "dst destination ok (N ms)",
                        "state state store ok (N ms; not created yet: the first run creates it)");
    }

    @Test
    void checkFailsNamingTheUnreachableConnectionAndNeverShowsItsPassword() throws Exception {
        String fileSecret = "f1le-S3cret-" + System.nanoTime();
        String urlSecret = "url-S3cret-" + System.nanoTime();
        write("wh-password", fileSecret + "\n");
        write("wh-ssl-password", urlSecret + "\n");
        Path unreachable = write("unreachable.yml", PIPELINE.replace("""
                  dst:
                    url: jdbc:sqlite:warehouse.db
                """, """
                  dst:
                    url: "jdbc:postgresql://127.0.0.1:1/warehouse?user=ferry&sslpassword=${file:wh-ssl-password}"
                    user: ferry
                    password: ${file:wh-password}
                """));

        Result text = ferry("check", unreachable.toString());
        Result json = ferry("check", unreachable.toString(), "--json");

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out())
                .containsPattern("(?m)^dst\\s+destination\\s+FAILED: Cannot connect to postgresql connection dst: .*127\\.0\\.0\\.1:1")
                .containsPattern("(?m)^src\\s+source\\s+ok")
                .containsPattern("(?m)^state\\s+state store\\s+ok");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode verdicts = JSON.readTree(json.out());
        assertThat(verdicts).hasSize(3);
        assertThat(verdicts.get(0).get("connection").asText()).isEqualTo("src");
        assertThat(verdicts.get(0).get("ok").asBoolean()).isTrue();
        assertThat(verdicts.get(1).get("connection").asText()).isEqualTo("dst");
        assertThat(verdicts.get(1).get("role").asText()).isEqualTo("destination");
        assertThat(verdicts.get(1).get("ok").asBoolean()).isFalse();
        assertThat(verdicts.get(1).get("error").asText()).startsWith("Cannot connect to postgresql connection dst: ");
        assertThat(verdicts.get(2).get("connection").asText()).isEqualTo("state");
        assertThat(verdicts.get(2).get("ok").asBoolean()).isTrue();
        for (Result result : List.of(text, json)) {
            assertThat(result.out() + result.err()).doesNotContain(fileSecret).doesNotContain(urlSecret);
        }
    }

    @Test
    void checkAndRunNeverShowAPasswordTakenFromTheEnvironment() throws Exception {
        String secret = "env-S3cret-" + System.nanoTime();
        write("env.yml", PIPELINE.replace("""
                  dst:
                    url: jdbc:sqlite:warehouse.db
                """, """
                  dst:
                    url: jdbc:postgresql://127.0.0.1:1/warehouse
                    user: ferry
                    password: ${env:WH_PASSWORD}
                """));
        Map<String, String> env = Map.of("WH_PASSWORD", secret);

        // One after the other: both create the same state store on first use.
        Path checkLog = dir.resolve("check.log");
        Process check = ChildFerry.start(dir, checkLog, env, "check", "env.yml");
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path runLog = dir.resolve("run.log");
        Process run = ChildFerry.start(dir, runLog, env, "run", "env.yml");
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String checkOutput = Files.readString(checkLog);
        String runOutput = Files.readString(runLog);
        assertThat(check.exitValue()).as(checkOutput).isEqualTo(1);
        assertThat(checkOutput).containsPattern("(?m)^dst\\s+destination\\s+FAILED: Cannot connect to postgresql connection dst");
        assertThat(run.exitValue()).as(runOutput).isEqualTo(1);
        assertThat(runOutput).contains("Cannot connect to postgresql connection dst");
        assertThat(checkOutput).doesNotContain(secret);
        assertThat(runOutput).doesNotContain(secret);
    }

    // ---- discover ----

    @Test
    void discoverListsTablesColumnsTypesAndKeys() {
        Result result = ferry("discover", pipeline.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().map(line -> line.strip().replaceAll("\\s+", " ")).toList()).containsExactly(
                "table items key [id]",
                "id bigint not null",
                "name text not null",
                "price decimal(10,2)",
                "updated_at bigint not null",
                "table tags key [tag]",
                "tag string(20)",
                "weight double");
    }

    @Test
    void discoverJsonDescribesEachTable() throws Exception {
        Result result = ferry("discover", pipeline.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode streams = JSON.readTree(result.out());
        assertThat(streams).hasSize(2);
        JsonNode items = streams.get(0);
        assertThat(items.get("object").asText()).isEqualTo("items");
        assertThat(items.get("kind").asText()).isEqualTo("TABLE");
        assertThat(items.get("schema").get("keyColumns").toString()).isEqualTo("[\"id\"]");
        List<String> columns = new ArrayList<>();
        for (JsonNode column : items.get("schema").get("columns")) {
            columns.add(column.get("name").asText() + " " + column.get("type").asText() + " " + column.get("precision").asInt()
                    + "," + column.get("scale").asInt() + (column.get("nullable").asBoolean() ? "" : " not null"));
        }
        assertThat(columns).containsExactly("id BIGINT 0,0 not null", "name TEXT 0,0 not null", "price DECIMAL 10,2",
                "updated_at BIGINT 0,0 not null");
        assertThat(streams.get(1).get("object").asText()).isEqualTo("tags");
        assertThat(streams.get(1).get("schema").get("keyColumns").toString()).isEqualTo("[\"tag\"]");
    }

    @Test
    void discoverLooksAtAnotherConnectionByNameAndRejectsAnUnknownOne() {
        assertThat(ferry("run", pipeline.toString()).exitCode()).isZero();

        Result destination = ferry("discover", pipeline.toString(), "--connection", "dst");
        Result unknown = ferry("discover", pipeline.toString(), "--connection", "warehouse");

        assertThat(destination.exitCode()).isZero();
        assertThat(destination.out()).contains("table items  key [id]").contains("table tags  key [tag]");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no connection named warehouse").contains("the pipeline has dst, src");
    }

    // ---- status ----

    @Test
    void statusShowsRecentRunsWithTheirCounts() throws Exception {
        assertThat(ferry("run", pipeline.toString()).exitCode()).isZero();
        assertThat(ferry("run", pipeline.toString()).exitCode()).isZero();

        Result text = ferry("status", pipeline.toString());
        Result json = ferry("status", pipeline.toString(), "--json");

        assertThat(text.exitCode()).isZero();
        List<String> lines = text.out().lines().map(line -> line.strip().replaceAll("\\s+", " ")).toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).matches("#2 shop succeeded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\d+ ms "
                + "4 read, 0 inserted, 0 updated, 4 unchanged, 0 deleted");
        assertThat(lines.subList(1, 3)).as("the row read again at the cursor is found unchanged, not written").containsExactly(
                "items 1 read, 0 inserted, 0 updated, 1 unchanged, 0 deleted",
                "tags 3 read, 0 inserted, 0 updated, 3 unchanged, 0 deleted");
        assertThat(lines.get(3)).matches("#1 shop succeeded \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\d+ ms "
                + "123 read, 123 inserted, 0 updated, 0 unchanged, 0 deleted");
        assertThat(lines.subList(4, 6)).containsExactly(
                "items 120 read, 120 inserted, 0 updated, 0 unchanged, 0 deleted",
                "tags 3 read, 3 inserted, 0 updated, 0 unchanged, 0 deleted");

        assertThat(json.exitCode()).isZero();
        JsonNode runs = JSON.readTree(json.out());
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("id").asLong()).isEqualTo(2);
        assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("cli");
        assertThat(runs.get(0).get("ended").isNull()).isFalse();
        assertThat(streamCounts(runs.get(1).get("streams"))).containsExactly(
                "items read=120 inserted=120 updated=0 unchanged=0 deleted=0",
                "tags read=3 inserted=3 updated=0 unchanged=0 deleted=0");
    }

    // ---- demo ----

    @Test
    void demoSyncsTheSampleShopTwiceAndFindsBothSidesEqual() throws Exception {
        Path demo = dir.resolve("demo");

        Result result = ferry("demo", "--dir", demo.toString(), "--rows", "2000");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Both sides hold the same data.").doesNotContain("MISMATCH");
        assertThat(result.out().lines().filter(line -> line.matches("run \\d+ succeeded.*"))).hasSize(2);
        assertThat(count(demo.resolve("warehouse.db"), "orders")).isEqualTo(count(demo.resolve("shop.db"), "Orders")).isEqualTo(2000);
        assertThat(count(demo.resolve("warehouse.db"), "customers")).isEqualTo(count(demo.resolve("shop.db"), "Customers")).isEqualTo(100);
        assertThat(rows(demo.resolve("warehouse.db"), "select order_id, status from orders order by order_id"))
                .isEqualTo(rows(demo.resolve("shop.db"), "select OrderId, Status from Orders order by OrderId"));
    }

    // ---- progress and version ----

    @Test
    void runLogsTheSourcesEstimateOfATablesRowsWhenItsStatisticsHaveOne() throws Exception {
        try (Connection connection = sqlite(source); Statement statement = connection.createStatement()) {
            statement.execute("analyze");
        }

        Result result = ferry("run", pipeline.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("[items] about " + ITEMS + " rows to read, by the source's estimate")
                .contains("[tags] about " + TAGS + " rows to read, by the source's estimate");
        Result again = ferry("run", pipeline.toString());
        assertThat(again.err()).as("an incremental run from its checkpoint reads only changes")
                .doesNotContain("[items] about").contains("[tags] about " + TAGS + " rows");
    }

    @Test
    void versionIsTheOneTheBuildWrote() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher parent = java.util.regex.Pattern
                .compile("<parent>.*?<version>([^<]+)</version>", java.util.regex.Pattern.DOTALL).matcher(pom);
        assertThat(parent.find()).isTrue();

        Result result = ferry("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("ferry " + parent.group(1));
    }

    // ---- command line ----

    @Test
    void commandLineMistakesAreUsageErrors() {
        assertThat(ferry("run").exitCode()).as("no pipeline file").isEqualTo(2);
        assertThat(ferry("run", pipeline.toString(), "--evry", "1s").exitCode()).as("unknown option").isEqualTo(2);
        Result badDuration = ferry("run", pipeline.toString(), "--every", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration");
        assertThat(ferry("sync", pipeline.toString()).exitCode()).as("unknown command").isEqualTo(2);
        assertThat(warehouse).doesNotExist();
    }

    // ---- helpers ----

    private record Result(int exitCode, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static long itemsRead(Result result) throws Exception {
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode streams = JSON.readTree(result.out()).get("streams");
        assertThat(streams).hasSize(1);
        assertThat(streams.get(0).get("stream").asText()).isEqualTo("items");
        return streams.get(0).get("read").asLong();
    }

    private static List<String> streamCounts(JsonNode streams) {
        List<String> counts = new ArrayList<>();
        for (JsonNode stream : streams) {
            counts.add(stream.get("stream").asText() + " read=" + stream.get("read").asLong()
                    + " inserted=" + stream.get("inserted").asLong() + " updated=" + stream.get("updated").asLong()
                    + " unchanged=" + stream.get("unchanged").asLong() + " deleted=" + stream.get("deleted").asLong());
        }
        return counts;
    }

    private static Connection sqlite(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static long count(Path database, String table) throws SQLException {
        return Long.parseLong(rows(database, "select count(*) from " + table).getFirst().getFirst());
    }

    private static List<String> tables(Path database) throws SQLException {
        return rows(database, "select name from sqlite_master where type = 'table' order by name").stream()
                .map(List::getFirst).toList();
    }

    private static List<List<String>> rows(Path database, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = sqlite(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(Arrays.asList(row));
            }
        }
        return rows;
    }
}

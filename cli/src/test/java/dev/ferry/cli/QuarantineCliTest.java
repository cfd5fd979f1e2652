package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.PipelineLock;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry quarantine list|show|retry|discard} on a SQLite to SQLite pipeline whose lookup file
 * misses an operator: the rows it cannot map are set aside by a run, listed, shown, written by a
 * retry once the file is fixed, or discarded.
 */
class QuarantineCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PIPELINE = """
            pipeline: patients
            connections:
              clinic: {url: "jdbc:sqlite:clinic.db"}
              warehouse: {url: "jdbc:sqlite:warehouse.db"}
            source: clinic
            destination: warehouse
            state: {url: "jdbc:sqlite:state.db"}
            streams:
              - table: patients
                max_bad_rows: 10
                transforms:
                  - lookup: {column: operatore, file: operators.json, field: id}
              - table: visits
                max_bad_rows: 10
                transforms:
                  - lookup: {column: operatore, file: operators.json, field: id}
            """;

    @TempDir
    Path dir;

    private Path pipeline;

    @BeforeEach
    void setUp() throws Exception {
        operators("{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}}");
        pipeline = Files.writeString(dir.resolve("pipeline.yml"), PIPELINE);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("clinic.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, nome TEXT, operatore TEXT, note TEXT)");
            statement.execute("INSERT INTO patients VALUES (1, 'Ada', 'rossi', 'x'), (2, 'Bo', 'bianchi', NULL),"
                    + " (3, 'Cy', 'verdi', NULL), (4, 'Di', 'rossi', ''), (5, 'Ed', 'verdi', 'null')");
            statement.execute("CREATE TABLE visits (id INTEGER PRIMARY KEY, operatore TEXT)");
            statement.execute("INSERT INTO visits VALUES (10, 'rossi'), (11, 'neri'), (12, 'neri')");
        }
    }

    @Test
    void rowsARunSetsAsideAreListedShownAndWrittenByARetryOnceTheMappingIsFixed() throws Exception {
        Result run = ferry("run", pipeline.toString());
        assertThat(run.code()).as("4 bad rows are within max_bad_rows: 10; " + run.err() + run.out()).isZero();
        assertThat(run.out()).contains("8 read, 4 inserted, 0 updated, 0 unchanged, 0 deleted, 4 quarantined")
                .containsPattern("patients .* 2 quarantined");
        assertThat(ferry("status", pipeline.toString()).out()).contains("4 quarantined");
        assertThat(rows("SELECT id, operatore FROM patients ORDER BY id")).containsExactly("1|7", "2|9", "4|7");

        Result list = ferry("quarantine", "list", pipeline.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("pipeline patients: 4 row(s) in the quarantine")
                .containsPattern("patients +2\\b").containsPattern("visits +2\\b");
        assertThat(list.out().lines().filter(line -> line.matches("\\d+ .*"))).hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("patients").contains("id=3").contains("transform")
                        .contains("verdi"))
                .allSatisfy(line -> assertThat(line).doesNotContain("\n"));

        JsonNode listed = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--stream", "patients",
                "--json").out());
        assertThat(listed.path("pipeline").asText()).isEqualTo("patients");
        assertThat(listed.path("total").asLong()).isEqualTo(4);
        assertThat(listed.path("counts").path("patients").asLong()).isEqualTo(2);
        assertThat(listed.path("counts").path("visits").asLong()).isEqualTo(2);
        JsonNode entries = listed.path("entries");
        assertThat(entries).hasSize(2);
        JsonNode first = entries.get(0);
        assertThat(first.path("rowKey").asText()).isEqualTo("id=3");
        assertThat(first.path("stream").asText()).isEqualTo("patients");
        assertThat(first.path("stage").asText()).isEqualTo("TRANSFORM");
        assertThat(first.path("runId").asLong()).isPositive();
        assertThat(first.path("quarantinedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.path("error").asText()).contains("operatore").contains("verdi").contains("id=3");
        assertThat(first.has("row")).as("a list leaves the values out").isFalse();
        long idOfRow3 = first.path("id").asLong();
        long idOfRow5 = entries.get(1).path("id").asLong();

        Result show = ferry("quarantine", "show", pipeline.toString(), String.valueOf(idOfRow5));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("stream  patients").contains("key     id=5").contains("stage   transform")
                .containsPattern("error   .*operatore.*verdi")
                .containsPattern("id +bigint +5").containsPattern("nome +text +'Ed'")
                .containsPattern("operatore +text +'verdi'").containsPattern("note +text +'null'");
        Result showNull = ferry("quarantine", "show", pipeline.toString(), String.valueOf(idOfRow3));
        assertThat(showNull.out()).as("SQL NULL is not the text 'null'").containsPattern("note +text +null\\R");

        JsonNode shown = JSON.readTree(ferry("quarantine", "show", pipeline.toString(), String.valueOf(idOfRow3),
                "--json").out());
        assertThat(shown.path("id").asLong()).isEqualTo(idOfRow3);
        assertThat(shown.path("rowKey").asText()).isEqualTo("id=3");
        assertThat(shown.path("error").asText()).contains("verdi");
        assertThat(shown.path("row")).hasSize(4);
        assertThat(shown.path("row").get(2).path("name").asText()).isEqualTo("operatore");
        assertThat(shown.path("row").get(2).path("type").asText()).isEqualTo("TEXT");
        assertThat(shown.path("row").get(2).path("value").asText()).isEqualTo("verdi");
        assertThat(shown.path("row").get(3).path("value").isNull()).isTrue();

        operators("{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}, \"verdi\": {\"id\": 8}}");
        Result retry = ferry("quarantine", "retry", pipeline.toString(), "--stream", "patients");
        assertThat(retry.code()).as(retry.err() + retry.out()).isZero();
        assertThat(retry.out()).contains("succeeded")
                .contains("quarantine: 2 row(s) retried, 2 written, 2 left the quarantine, 0 stayed");
        assertThat(rows("SELECT id, nome, operatore, note FROM patients ORDER BY id"))
                .containsExactly("1|Ada|7|x", "2|Bo|9|null", "3|Cy|8|null", "4|Di|7|", "5|Ed|8|null");

        JsonNode after = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--json").out());
        assertThat(after.path("counts").has("patients")).isFalse();
        assertThat(after.path("total").asLong()).as("visits still hold theirs").isEqualTo(2);
        assertThat(ferry("quarantine", "list", pipeline.toString(), "--stream", "patients").out())
                .contains("stream patients has no rows in the quarantine");
        assertThat(ferry("status", pipeline.toString()).out()).as("the retry is a run of the history")
                .contains("succeeded");
    }

    @Test
    void aRetryOfRowsStillBadKeepsThemWithTheNewErrorAndReportsItAsJson() throws Exception {
        ferry("run", pipeline.toString());
        long before = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--stream", "visits", "--json")
                .out()).path("entries").get(0).path("runId").asLong();

        Result retry = ferry("quarantine", "retry", pipeline.toString(), "--stream", "visits", "--json");

        assertThat(retry.code()).as("rows refused again do not fail the retry: " + retry.err()).isZero();
        JsonNode report = JSON.readTree(retry.out());
        assertThat(report.path("retried").asLong()).isEqualTo(2);
        assertThat(report.path("left").asLong()).isZero();
        assertThat(report.path("stayed").asLong()).isEqualTo(2);
        assertThat(report.path("run").path("status").asText()).isEqualTo("succeeded");
        assertThat(report.path("run").path("written").asLong()).isZero();
        assertThat(report.path("run").path("quarantined").asLong()).as("set aside again").isEqualTo(2);
        long retryRun = report.path("run").path("runId").asLong();
        assertThat(retryRun).isGreaterThan(before);
        JsonNode entries = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--stream", "visits",
                "--json").out()).path("entries");
        assertThat(entries).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.path("runId").asLong()).as("set aside again by the retry").isEqualTo(retryRun);
            assertThat(entry.path("error").asText()).contains("neri");
        });
        assertThat(rows("SELECT id FROM visits")).containsExactly("10");
    }

    @Test
    void aRetryThatFailsExitsOneAndKeepsTheRows() throws Exception {
        ferry("run", pipeline.toString());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("clinic.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE visits");
        }

        Result retry = ferry("quarantine", "retry", pipeline.toString(), "--stream", "visits");

        assertThat(retry.code()).as(retry.out() + retry.err()).isEqualTo(1);
        assertThat(retry.out()).contains("failed").contains("visits")
                .contains("quarantine: 2 row(s) retried, 0 written, 0 left the quarantine, 2 stayed");
    }

    @Test
    void aRetryWhileARunHoldsThePipelineExitsThreeAndRetriesNothing() throws Exception {
        ferry("run", pipeline.toString());
        operators("{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}, \"verdi\": {\"id\": 8}}");
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
             PipelineLock lock = state.tryLockPipeline("patients").orElseThrow()) {
            Result retry = ferry("quarantine", "retry", pipeline.toString());
            assertThat(retry.code()).as(retry.err()).isEqualTo(3);
            assertThat(retry.err()).contains("nothing was retried");
        }
        assertThat(JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--json").out()).path("total")
                .asLong()).isEqualTo(4);
    }

    @Test
    void rowsAreDiscardedByIdOrByStreamOrAllAndNeverWithoutSayingWhich() throws Exception {
        ferry("run", pipeline.toString());
        JsonNode entries = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--json").out())
                .path("entries");
        long patientRow = entries.get(0).path("id").asLong();

        Result bare = ferry("quarantine", "discard", pipeline.toString());
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("say which rows to discard").contains("--id").contains("--stream")
                .contains("--all").contains("nothing was discarded");
        Result two = ferry("quarantine", "discard", pipeline.toString(), "--all", "--stream", "visits");
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err()).contains("only one");
        Result unknownId = ferry("quarantine", "discard", pipeline.toString(), "--id", patientRow + ",999999");
        assertThat(unknownId.code()).isEqualTo(2);
        assertThat(unknownId.err()).contains("has no quarantined row with id 999999").contains("pipeline.yml");
        assertThat(total()).as("a mistyped id discards nothing").isEqualTo(4);

        Result byId = ferry("quarantine", "discard", pipeline.toString(), "--id", String.valueOf(patientRow));
        assertThat(byId.code()).as(byId.err()).isZero();
        assertThat(byId.out()).contains("discarded 1 row(s)");
        assertThat(total()).isEqualTo(3);
        assertThat(ferry("quarantine", "show", pipeline.toString(), String.valueOf(patientRow)).code()).isEqualTo(2);

        Result byStream = ferry("quarantine", "discard", pipeline.toString(), "--stream", "visits");
        assertThat(byStream.out()).contains("discarded 2 row(s)").contains("stream visits");
        assertThat(total()).isEqualTo(1);

        Result all = ferry("quarantine", "discard", pipeline.toString(), "--all");
        assertThat(all.out()).contains("discarded 1 row(s)");
        assertThat(ferry("quarantine", "list", pipeline.toString()).out())
                .contains("pipeline patients: the quarantine is empty");
        assertThat(rows("SELECT COUNT(*) FROM patients")).as("discarding writes nothing").containsExactly("3");
    }

    @Test
    void unknownStreamsAndIdsAreUsageErrorsNamingThePipelineFile() throws Exception {
        ferry("run", pipeline.toString());

        Result stream = ferry("quarantine", "list", pipeline.toString(), "--stream", "patiens");
        assertThat(stream.code()).isEqualTo(2);
        assertThat(stream.err()).contains("pipeline patients (").contains("pipeline.yml")
                .contains("has no stream named patiens").contains("did you mean 'patients'?");
        assertThat(ferry("quarantine", "retry", pipeline.toString(), "--stream", "visit").err())
                .contains("did you mean 'visits'?");
        assertThat(ferry("quarantine", "discard", pipeline.toString(), "--stream", "vists").err())
                .contains("did you mean 'visits'?");

        Result show = ferry("quarantine", "show", pipeline.toString(), "424242");
        assertThat(show.code()).isEqualTo(2);
        assertThat(show.err()).contains("has no quarantined row with id 424242").contains("ferry quarantine list");
        Result retry = ferry("quarantine", "retry", pipeline.toString(), "--id", "424242");
        assertThat(retry.code()).isEqualTo(2);
        assertThat(retry.err()).contains("has no quarantined row with id 424242");

        long visitRow = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--stream", "visits", "--json")
                .out()).path("entries").get(0).path("id").asLong();
        Result mismatch = ferry("quarantine", "retry", pipeline.toString(), "--stream", "patients", "--id",
                String.valueOf(visitRow));
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err()).contains("is of stream visits, not patients");

        Result missing = ferry("quarantine", "list", dir.resolve("nope.yml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yml");
        assertThat(total()).isEqualTo(4);
    }

    @Test
    void rowsOfAStreamTheFileNoLongerHasAreListedAndDiscardedButNotRetried() throws Exception {
        ferry("run", pipeline.toString());
        Files.writeString(pipeline, PIPELINE.substring(0, PIPELINE.indexOf("  - table: visits")));
        operators("{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}, \"verdi\": {\"id\": 8}}");

        Result retry = ferry("quarantine", "retry", pipeline.toString());

        assertThat(retry.code()).as(retry.err()).isZero();
        assertThat(retry.out()).contains("quarantine: 2 row(s) retried, 2 written, 2 left the quarantine, 0 stayed");
        JsonNode visits = JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--stream", "visits", "--json")
                .out());
        assertThat(visits.path("entries")).hasSize(2);
        Result byId = ferry("quarantine", "retry", pipeline.toString(), "--id",
                visits.path("entries").get(0).path("id").asText());
        assertThat(byId.code()).isEqualTo(2);
        assertThat(byId.err()).contains("no longer has").contains("discard");
        assertThat(ferry("quarantine", "discard", pipeline.toString(), "--stream", "visits").out())
                .contains("discarded 2 row(s)");
    }

    @Test
    void helpListsTheQuarantineCommands() {
        assertThat(ferry("--help").out()).contains("quarantine");
        assertThat(ferry("quarantine", "--help").out()).contains("list").contains("show").contains("retry")
                .contains("discard");
    }

    private long total() throws Exception {
        return JSON.readTree(ferry("quarantine", "list", pipeline.toString(), "--json").out()).path("total").asLong();
    }

    private void operators(String json) throws Exception {
        Files.writeString(dir.resolve("operators.json"), json);
    }

    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(String.valueOf(result.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}

package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.Ferry;
import dev.ferry.cli.e2e.QuarantineOrders.Order;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.QuarantineRetry;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunListener;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.LogLine;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.QuarantineStage;
import dev.ferry.engine.state.RowSnapshot;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamStats;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.ferry.cli.e2e.QuarantineOrders.FRACTIONAL_QTY;
import static dev.ferry.cli.e2e.QuarantineOrders.INFINITE_PRICE;
import static dev.ferry.cli.e2e.QuarantineOrders.LARGE_AMOUNT;
import static dev.ferry.cli.e2e.QuarantineOrders.LONG_CODE;
import static dev.ferry.cli.e2e.QuarantineOrders.NULL_NOTE;
import static dev.ferry.cli.e2e.QuarantineOrders.NUL_NOTE;
import static dev.ferry.cli.e2e.QuarantineOrders.UNMAPPED_STAGE;
import static dev.ferry.cli.e2e.QuarantineOrders.ZERO_QTY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad rows through the real command line into real PostgreSQL, MariaDB and SQLite destinations: a
 * SQLite table whose rows a transform rejects (a stage the mapping file lacks, a quantity that is not
 * an integer) or the destination refuses (a CHECK, a too-narrow VARCHAR and DECIMAL, a NOT NULL, and
 * what only that database cannot hold: a NUL character for PostgreSQL, an infinite double for
 * MariaDB). Every good row must arrive exactly once with exact values, every bad one must be in the
 * quarantine once with where and why it failed, the limits must decide whether the run fails, and a
 * retry after the mapping and the table are fixed must write what can now be written.
 */
class QuarantineEndToEndTest {
    private static final String PIPELINE = "quarantine-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(QuarantineDestination.class)
    void fullRefreshUpsertSetsBadRowsAsideWritesGoodOnesOnceAndARetryWritesThemOnceFixed(
            QuarantineDestination destination) throws Exception {
        List<Order> source = QuarantineOrders.rows();
        String url = prepare(destination, source);
        Path pipeline = pipeline(url, "sync: full_refresh\n    write: upsert\n    max_bad_rows: 10\n");
        List<Long> bad = QuarantineOrders.badIds(destination);

        JsonNode run = runJson(pipeline, 0);

        JsonNode counts = run.get("streams").get(0);
        assertThat(counts.get("read").asLong()).isEqualTo(QuarantineOrders.ROWS);
        assertThat(counts.get("inserted").asLong()).as("each good row inserted once: %s", run)
                .isEqualTo(QuarantineOrders.ROWS - bad.size());
        assertThat(counts.get("updated").asLong()).as("no good row written twice").isZero();
        assertThat(counts.get("failed").asLong()).isEqualTo(bad.size());
        assertThat(QuarantineOrders.readDestination(url)).isEqualTo(goodRows(source, bad));
        Map<String, QuarantineEntry> entries = assertQuarantineHolds(destination, bad, run.get("runId").asLong());
        assertThat(entries.get("id=" + FRACTIONAL_QTY).row().fields())
                .as("the row as the source gave it, before any transform")
                .filteredOn(field -> field.name().equals("qty")).extracting(RowSnapshot.Field::text)
                .containsExactly("12.5");

        Files.writeString(dir.resolve("stages.json"), QuarantineOrders.FIXED_STAGES);
        QuarantineDestination.execute(url, destination.relaxOrders());
        RunResult retry = retryQuarantine(pipeline);

        // A quantity of 12.5 is no integer whatever was fixed; NUL and infinity stay where they cannot be held.
        List<Long> stillBad = new ArrayList<>(List.of(FRACTIONAL_QTY));
        bad.stream().filter(id -> id == NUL_NOTE || id == INFINITE_PRICE).forEach(stillBad::add);
        assertThat(retry.status()).as(String.valueOf(retry.error())).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retry.streams().getFirst()).isEqualTo(new StreamStats("orders", bad.size(),
                bad.size() - stillBad.size(), 0, 0, 0, stillBad.size()));
        assertThat(QuarantineOrders.readDestination(url)).isEqualTo(goodRows(source, stillBad));
        Map<String, QuarantineEntry> left = quarantine();
        assertThat(left.keySet()).containsExactlyInAnyOrderElementsOf(keys(stillBad));
        assertThat(left.values()).allSatisfy(entry -> assertThat(entry.runId()).as("refused again by the retry")
                .isEqualTo(retry.runId()));

        // Fixed at the source, the rest pass the next full read, which takes them out of the quarantine.
        List<Order> fixed = source.stream().map(row -> switch ((int) row.id()) {
            case (int) FRACTIONAL_QTY -> new Order(row.id(), row.stage(), "12", row.code(), row.amount(), row.note(),
                    row.price(), row.version());
            case (int) NUL_NOTE -> new Order(row.id(), row.stage(), row.qty(), row.code(), row.amount(), "nul byte",
                    row.price(), row.version());
            case (int) INFINITE_PRICE -> new Order(row.id(), row.stage(), row.qty(), row.code(), row.amount(),
                    row.note(), 1.0e308, row.version());
            default -> row;
        }).toList();
        QuarantineOrders.upsert(dir.resolve("shop.db"), fixed);
        JsonNode last = runJson(pipeline, 0);
        assertThat(last.get("streams").get(0).get("failed").asLong()).isZero();
        assertThat(QuarantineOrders.readDestination(url)).isEqualTo(QuarantineOrders.expected(fixed));
        assertThat(quarantine()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(QuarantineDestination.class)
    void incrementalStreamFailsPastMaxBadRowsKeepingCommittedBatchesThenGoesOnWithinTheLimit(
            QuarantineDestination destination) throws Exception {
        List<Order> source = QuarantineOrders.rows();
        String url = prepare(destination, source);
        // Batches of ten rows, each committed: the fourth bad row (id 22) comes in the third batch.
        Path strict = pipeline(url, "sync: incremental\n    cursor: version\n    max_bad_rows: 3\n");
        List<Long> bad = QuarantineOrders.badIds(destination);

        Result failed = ferry("run", strict.toString());

        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out() + failed.err()).contains("4 bad row(s) after 30 read, more than max_bad_rows: 3 allows")
                .contains("id=" + LONG_CODE);
        List<Long> firstFour = bad.subList(0, 4);
        assertThat(QuarantineOrders.readDestination(url)).as("the two batches committed before the failure")
                .isEqualTo(goodRows(source.subList(0, 20), firstFour));
        assertThat(quarantine().keySet()).as("kept to be seen, though the run failed")
                .containsExactlyInAnyOrderElementsOf(keys(firstFour));
        long failedRun = lastRunId();
        assertThat(runLog(failedRun)).anySatisfy(line -> assertThat(line).contains("more than max_bad_rows: 3 allows"));

        Path lenient = pipeline(url, "sync: incremental\n    cursor: version\n", "defaults: {max_bad_rows: 10}\n");
        JsonNode run = runJson(lenient, 0);

        List<Long> badLater = bad.stream().filter(id -> id > 20).toList();
        JsonNode counts = run.get("streams").get(0);
        // The row at the checkpoint's cursor value is read again and found unchanged.
        assertThat(counts.get("read").asLong() - counts.get("unchanged").asLong()).as("from the last checkpoint on: %s", run)
                .isEqualTo(20);
        assertThat(counts.get("inserted").asLong()).isEqualTo(20 - badLater.size());
        assertThat(counts.get("updated").asLong()).isZero();
        assertThat(counts.get("failed").asLong()).isEqualTo(badLater.size());
        assertThat(QuarantineOrders.readDestination(url)).isEqualTo(goodRows(source, bad));
        assertQuarantineHolds(destination, bad, null);
    }

    @ParameterizedTest
    @EnumSource(QuarantineDestination.class)
    void hardDeletesKeepTheDestinationRowOfASourceRowSetAside(QuarantineDestination destination) throws Exception {
        List<Order> source = QuarantineOrders.rows().stream()
                .filter(row -> !QuarantineOrders.badIds(destination).contains(row.id())
                        && row.id() != NUL_NOTE && row.id() != INFINITE_PRICE)
                .toList();
        String url = prepare(destination, source);
        Path pipeline = pipeline(url, "sync: full_refresh\n    write: upsert\n    deletes: hard\n    max_bad_rows: 5\n");
        runJson(pipeline, 0);
        assertThat(QuarantineOrders.readDestination(url)).isEqualTo(QuarantineOrders.expected(source));

        // Row 5 now has a stage the mapping lacks, row 6 a code too long for the table; row 9 is gone.
        Order unmapped = source.get(4).withStage("returned", 100);
        Order tooLong = source.get(5).withCode("CODE-TOO-LONG", 101);
        QuarantineOrders.upsert(dir.resolve("shop.db"), List.of(unmapped, tooLong));
        QuarantineOrders.delete(dir.resolve("shop.db"), 9);
        JsonNode run = runJson(pipeline, 0);

        assertThat(run.get("streams").get(0).get("deleted").asLong()).as("row 9 only").isEqualTo(1);
        assertThat(run.get("streams").get(0).get("failed").asLong()).isEqualTo(2);
        Map<Long, List<String>> expected = QuarantineOrders.expected(source);
        expected.remove(9L);
        assertThat(QuarantineOrders.readDestination(url))
                .as("rows 5 and 6 as the first run wrote them: set aside, not deleted").isEqualTo(expected);
        Map<String, QuarantineEntry> entries = quarantine();
        assertThat(entries.keySet()).containsExactlyInAnyOrder("id=5", "id=6");
        assertThat(entries.get("id=5").stage()).isEqualTo(QuarantineStage.TRANSFORM);
        assertThat(entries.get("id=5").error()).contains("column stage").contains("'returned'");
        assertThat(entries.get("id=6").stage()).isEqualTo(QuarantineStage.DESTINATION);
        assertThat(entries.get("id=6").error()).contains(destination.refusals().tooLong());
    }

    /**
     * Requires the quarantine to hold exactly {@code bad}, one entry each, with the stage and error of
     * its kind, and set aside by {@code runId} when it is not null.
     */
    private Map<String, QuarantineEntry> assertQuarantineHolds(QuarantineDestination destination, List<Long> bad,
                                                               Long runId) throws Exception {
        Map<String, QuarantineEntry> entries = quarantine();
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(keys(bad));
        QuarantineDestination.Refusals refusals = destination.refusals();
        for (long id : bad) {
            QuarantineEntry entry = entries.get("id=" + id);
            System.out.println(destination + " quarantined " + entry.stage() + ": " + entry.error());
            assertThat(entry.error()).as("entry %s", entry).contains("id=" + id).contains("orders");
            if (runId != null) {
                assertThat(entry.runId()).isEqualTo(runId);
            }
            boolean transform = id == UNMAPPED_STAGE || id == FRACTIONAL_QTY;
            assertThat(entry.stage()).as("entry %s", entry)
                    .isEqualTo(transform ? QuarantineStage.TRANSFORM : QuarantineStage.DESTINATION);
            String why = switch ((int) id) {
                case (int) UNMAPPED_STAGE -> "'returned'";
                case (int) FRACTIONAL_QTY -> "'12.5'";
                case (int) ZERO_QTY -> refusals.check();
                case (int) LONG_CODE -> refusals.tooLong();
                case (int) LARGE_AMOUNT -> refusals.overflow();
                case (int) NULL_NOTE -> refusals.notNull();
                default -> refusals.special();
            };
            assertThat(entry.error()).as("entry %s", entry).contains(why);
            if (transform) {
                assertThat(entry.error()).contains(id == UNMAPPED_STAGE ? "stage" : "qty");
            }
        }
        return entries;
    }

    private String prepare(QuarantineDestination destination, List<Order> source) throws Exception {
        QuarantineOrders.createSource(dir.resolve("shop.db"), source);
        Files.writeString(dir.resolve("stages.json"), QuarantineOrders.STAGES);
        String url = destination.freshUrl(dir);
        QuarantineDestination.execute(url, List.of(destination.createOrders()));
        return url;
    }

    private Path pipeline(String destinationUrl, String streamSettings) throws Exception {
        return pipeline(destinationUrl, streamSettings, "");
    }

    /**
     * The pipeline: {@code schema_changes: ignore} keeps the table the test made, narrow columns and
     * constraints included, where Ferry would otherwise widen it to the stream's schema.
     */
    private Path pipeline(String destinationUrl, String streamSettings, String topLevel) throws Exception {
        String yaml = """
                pipeline: %s
                connections:
                  shop: {url: "jdbc:sqlite:shop.db"}
                  target: {url: "%s"}
                source: shop
                destination: target
                state: {url: "jdbc:sqlite:state.db"}
                schema_changes: ignore
                batch_size: 10
                commit_every: 10
                %sstreams:
                  - table: orders
                    %s    transforms:
                      - lookup: {column: stage, file: stages.json}
                      - cast: {column: qty, to: integer}
                      - cast: {column: amount, to: decimal, precision: 12, scale: 2}
                """.formatted(PIPELINE, destinationUrl, topLevel, streamSettings);
        return Files.writeString(dir.resolve("pipeline.yml"), yaml);
    }

    /** Runs the pipeline with {@code --json}, requires {@code exitCode}, and gives the run's document. */
    private JsonNode runJson(Path pipeline, int exitCode) throws Exception {
        Result result = ferry("run", pipeline.toString(), "--json");
        assertThat(result.code()).as(result.out() + result.err()).isEqualTo(exitCode);
        return JSON.readTree(result.out());
    }

    private RunResult retryQuarantine(Path pipeline) {
        PipelineConfig config = PipelineLoader.load(pipeline);
        try (StateStore state = StateStores.open(config.state())) {
            return new QuarantineRetry(ConnectorRegistry.load(), state)
                    .retry(config, null, Set.of(), new RunControl(), RunListener.NONE);
        }
    }

    /** The pipeline's quarantine entries by row key, failing when a key has more than one. */
    private Map<String, QuarantineEntry> quarantine() {
        try (StateStore state = openState()) {
            List<QuarantineEntry> entries = state.quarantined(QuarantineFilter.of(PIPELINE, "orders", 1000));
            Map<String, List<QuarantineEntry>> byKey = entries.stream()
                    .collect(Collectors.groupingBy(QuarantineEntry::rowKey, TreeMap::new, Collectors.toList()));
            assertThat(byKey.values()).as("one entry per key: %s", entries).allSatisfy(same -> assertThat(same).hasSize(1));
            return entries.stream().collect(Collectors.toMap(QuarantineEntry::rowKey, Function.identity()));
        }
    }

    private long lastRunId() {
        try (StateStore state = openState()) {
            return state.recentRuns(PIPELINE, 1).getFirst().id();
        }
    }

    private List<String> runLog(long runId) {
        try (StateStore state = openState()) {
            return state.runLog(runId).stream().map(LogLine::message).toList();
        }
    }

    private StateStore openState() {
        return StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
    }

    private static Map<Long, List<String>> goodRows(List<Order> rows, List<Long> bad) {
        return QuarantineOrders.expected(rows.stream().filter(row -> !bad.contains(row.id())).toList());
    }

    private static List<String> keys(List<Long> ids) {
        return ids.stream().map(id -> "id=" + id).toList();
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

package dev.ferry.cli.sync;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamRun;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.testkit.TestPostgres;
import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code examples/postgres-to-convex} pipeline as shipped, with only its connections and state
 * pointed at a test PostgreSQL database and the testkit's fake Convex deployment (whose built-in
 * {@code sync:*} mutations stand in for the shipped sync.ts): team 2's seven tables, 60,000 rows
 * made from the example's {@code schema.sql}, arrive document for document, one table after
 * another; a second run sends only what changed and deletes what is gone, a third sends nothing.
 */
class PostgresToConvexExampleTest {
    static final String PIPELINE = "postgres-to-convex";
    static final List<String> TABLES = List.of("sow_poles", "sow_drops", "nokia_exports", "onemap_installations",
            "onemap_poles", "lawley_activations", "mohadin_activations");

    @TempDir
    Path dir;

    private FakeConvex fake;

    @BeforeEach
    void start() {
        fake = FakeConvex.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void mirrorsTheSevenTablesOneAtATimeThenOnlyTheirChangesAndDeletes() throws Exception {
        String fieldops = TestPostgres.freshDatabase("team2_src");
        SyncFixture.execute(fieldops, Files.readString(example("schema.sql")), testRows());
        Path pipeline = examplePointedAt(fieldops);
        SyncFixture sync = new SyncFixture(dir, fieldops, "sqlite", "unused");

        long startedAt = System.nanoTime();
        SyncFixture.Outcome first = sync.run(pipeline);
        long firstMillis = (System.nanoTime() - startedAt) / 1_000_000;

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("60,000 read, 60,000 inserted, 0 updated, 0 unchanged, 0 deleted");
        assertThat(documentCounts()).isEqualTo(Map.of("sow_poles", 9000, "sow_drops", 24000,
                "nokia_exports", 8000, "onemap_installations", 5000, "onemap_poles", 6000, "lawley_activations", 4000,
                "mohadin_activations", 4000));
        assertThat(document("sow_poles", "pole_number", string("LAW.P.000006")).fields()).isEqualTo(object(
                "pole_number", string("LAW.P.000006"), "project", string("Lawley"), "zone", float64(7), "pon", float64(7),
                "latitude", float64(-26.38006), "longitude", float64(27.80006), "pole_type", string("wood 7m"),
                "height_m", string("7.0"), "owner", string("owner 6"), "permission_granted", bool(true),
                "planned_date", string("2025-01-12"), "status", string("planted"),
                "attributes", object("tags", array(string("survey"), string("zone 7")), "access", string("open"),
                        "photos", float64(2)),
                "updated_at", string("2026-01-01T00:03:42Z")));
        assertThat(document("nokia_exports", "id", float64(3)).fields()).as("nulls arrive as Convex null").isEqualTo(object(
                "id", float64(3), "ont_serial", string("ALCL45C48CCE"), "olt_port", string("1/1/4/4"),
                "drop_number", string("DR0000009"), "rx_power_dbm", nullValue(), "tx_power_dbm", nullValue(),
                "distance_km", string("0.203"), "status", string("down"), "optics", nullValue(),
                "last_seen", string("2026-03-01T00:03:33Z")));
        assertThat(document("lawley_activations", "activation_id", string("LA-000017")).fields()).isEqualTo(object(
                "activation_id", string("LA-000017"), "drop_number", string("DR0000085"), "ont_serial", string("ALCL3EF81541"),
                "customer_type", string("business"), "speed_mbps", float64(100), "activated_on", string("2025-09-18"),
                "active", bool(false), "monthly_fee", string("449.00"), "cancelled_at", string("2026-04-02T05:00:00Z")));
        assertOneTableAtATime(lastRun());

        SyncFixture.execute(fieldops,
                "UPDATE sow_poles SET status = 'rejected', owner = NULL, attributes = '{\"photos\": 5}'"
                        + " WHERE pole_number = 'LAW.P.000006'",
                "DELETE FROM sow_drops WHERE drop_number IN ('DR0000010', 'DR0000011', 'DR0000012')",
                "INSERT INTO nokia_exports (id, ont_serial, olt_port, status) SELECT i, 'ALCLNEW' || i, '1/1/2/' || i, 'up'"
                        + " FROM generate_series(8001, 8010) i",
                "UPDATE onemap_installations SET notes = 'revisit ' || property_id WHERE property_id BETWEEN 500001 AND 500100",
                "DELETE FROM lawley_activations WHERE activation_id = 'LA-000004'",
                "UPDATE lawley_activations SET active = false, cancelled_at = '2026-11-30 10:00+00'"
                        + " WHERE activation_id = 'LA-000005'");
        String unchangedPoleId = document("sow_poles", "pole_number", string("LAW.P.000007")).id();
        String changedPoleId = document("sow_poles", "pole_number", string("LAW.P.000006")).id();
        SyncFixture.Outcome second = sync.run(pipeline);

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("60,006 read, 10 inserted, 102 updated, 59,894 unchanged, 4 deleted");
        assertThat(lastRun().streams()).extracting(StreamStats::stream, StreamStats::inserted, StreamStats::updated,
                StreamStats::deleted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sow_poles", 0L, 1L, 0L),
                org.assertj.core.groups.Tuple.tuple("sow_drops", 0L, 0L, 3L),
                org.assertj.core.groups.Tuple.tuple("nokia_exports", 10L, 0L, 0L),
                org.assertj.core.groups.Tuple.tuple("onemap_installations", 0L, 100L, 0L),
                org.assertj.core.groups.Tuple.tuple("onemap_poles", 0L, 0L, 0L),
                org.assertj.core.groups.Tuple.tuple("lawley_activations", 0L, 1L, 1L),
                org.assertj.core.groups.Tuple.tuple("mohadin_activations", 0L, 0L, 0L));
        assertThat(documentCounts()).containsEntry("sow_drops", 23997).containsEntry("nokia_exports", 8010)
                .containsEntry("lawley_activations", 3999).containsEntry("sow_poles", 9000);
        assertThat(fake.documents("sow_drops")).extracting(d -> d.field("drop_number"))
                .doesNotContain(string("DR0000010"), string("DR0000011"), string("DR0000012")).contains(string("DR0000013"));
        assertThat(fake.documents("lawley_activations")).extracting(d -> d.field("activation_id"))
                .doesNotContain(string("LA-000004"));
        StoredDocument pole = document("sow_poles", "pole_number", string("LAW.P.000006"));
        assertThat(pole.id()).as("replaced in place, by key").isEqualTo(changedPoleId);
        assertThat(pole.field("status")).isEqualTo(string("rejected"));
        assertThat(pole.field("owner")).isEqualTo(nullValue());
        assertThat(pole.field("attributes")).isEqualTo(object("photos", float64(5)));
        assertThat(document("sow_poles", "pole_number", string("LAW.P.000007")).id()).isEqualTo(unchangedPoleId);
        assertThat(document("lawley_activations", "activation_id", string("LA-000005")).fields())
                .extracting(fields -> fields.get("active"), fields -> fields.get("cancelled_at"))
                .containsExactly(bool(false), string("2026-11-30T10:00:00Z"));
        assertThat(document("onemap_installations", "property_id", float64(500042)).field("notes"))
                .isEqualTo(string("revisit 500042"));
        assertThat(document("nokia_exports", "id", float64(8005)).field("ont_serial")).isEqualTo(string("ALCLNEW8005"));

        fake.clearRequests();
        SyncFixture.Outcome third = sync.run(pipeline);
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(third.output()).contains("60,006 read, 0 inserted, 0 updated, 60,006 unchanged, 0 deleted");
        assertThat(fake.requestCount("/api/mutation")).as("nothing changed: no mutation called").isZero();

        // Not asserted (timing never is): printed for the example's README.
        System.out.printf("postgres-to-convex example: first run took %,d ms in the test; %s | %s | %s%n", firstMillis,
                summary(first), summary(second), summary(third));
    }

    /**
     * Streams ran in file order, each starting after the one before ended, and the fake's commit
     * timestamps agree: every document of a table was written before any of the next table's.
     */
    private void assertOneTableAtATime(RunRecord run) {
        assertThat(run.streamRuns()).extracting(StreamRun::stream).containsExactlyElementsOf(TABLES);
        for (int i = 1; i < run.streamRuns().size(); i++) {
            StreamRun before = run.streamRuns().get(i - 1);
            StreamRun after = run.streamRuns().get(i);
            assertThat(after.started()).as(after.stream() + " starts after " + before.stream() + " ended")
                    .isAfterOrEqualTo(before.ended());
        }
        long lastTimestamp = Long.MIN_VALUE;
        for (String table : TABLES) {
            List<Long> timestamps = fake.documents(table).stream().map(StoredDocument::ts).sorted().toList();
            assertThat(timestamps.getFirst()).as("the first write to " + table + " comes after the previous table's last")
                    .isGreaterThan(lastTimestamp);
            lastTimestamp = timestamps.getLast();
        }
    }

    private static String summary(SyncFixture.Outcome outcome) {
        return outcome.output().lines().filter(line -> line.contains(" succeeded in ")).findFirst().orElse("?").strip();
    }

    private Map<String, Integer> documentCounts() {
        return TABLES.stream().collect(Collectors.toMap(table -> table, table -> fake.documents(table).size()));
    }

    private StoredDocument document(String table, String keyField, ConvexValue key) {
        List<StoredDocument> found = fake.documents(table).stream().filter(d -> key.equals(d.field(keyField))).toList();
        assertThat(found).as(table + " documents with " + keyField + " = " + key).hasSize(1);
        return found.getFirst();
    }

    private RunRecord lastRun() {
        try (StateStore state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null))) {
            return state.recentRuns(PIPELINE, 1).getFirst();
        }
    }

    /** The example's file with its connections and state moved to the test database and the fake; every other line as shipped. */
    private Path examplePointedAt(String fieldops) throws IOException {
        Files.writeString(dir.resolve("deploy.key"), fake.deployKey());
        Files.writeString(dir.resolve("auth.key"), fake.mutationAuthKey());
        String pointed = pointAt(Files.readString(example("pipeline.yml")), fieldops, fake.url())
                .replaceAll("(?m)^    deploy_key: .*$", Matcher.quoteReplacement("    deploy_key: ${file:deploy.key}"))
                .replaceAll("(?m)^      auth_key: .*$", Matcher.quoteReplacement("      auth_key: ${file:auth.key}"))
                .replaceAll("(?m)^  url: jdbc:sqlite:.*$", Matcher.quoteReplacement("  url: jdbc:sqlite:" + dir.resolve("state.db")));
        assertThat(pointed).doesNotContain("${env:");
        return Files.writeString(dir.resolve("pipeline.yml"), pointed);
    }

    /** The shipped file with its PostgreSQL connection at {@code fieldops} and its Convex one at {@code convexUrl}. */
    static String pointAt(String yaml, String fieldops, String convexUrl) {
        String pointed = yaml
                .replaceAll("(?m)^    url: jdbc:postgresql:.*$", Matcher.quoteReplacement("    url: " + fieldops))
                .replaceAll("(?m)^    (user|password): .*\\R", "")
                .replaceAll("(?m)^    url: https://.*$", Matcher.quoteReplacement("    url: " + convexUrl + "\n    type: convex"));
        assertThat(pointed).doesNotContain("localhost:5432", "password:", "happy-otter");
        return pointed;
    }

    /** About 60,000 rows across the seven tables, made in SQL. */
    static String testRows() throws IOException {
        try (InputStream in = PostgresToConvexExampleTest.class.getResourceAsStream("/examples/postgres-to-convex-rows.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Path example(String file) {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("examples/postgres-to-convex"))) {
                return candidate.resolve("examples/postgres-to-convex").resolve(file);
            }
        }
        throw new IllegalStateException("examples/postgres-to-convex not found above " + Path.of("").toAbsolutePath());
    }
}

package dev.ferry.cli.e2e;

import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 50 MB values through {@code ferry run} in a child JVM with the launcher's 256 MB heap: a text
 * (with tabs, backslashes and two-byte characters) and a bytea (every byte value) move from
 * PostgreSQL to PostgreSQL, SQLite and MariaDB by a full load, then change by an upsert, and
 * arrive byte for byte (MD5 and length of each value on both sides). Into MariaDB the full load
 * goes through LOAD DATA at the server's default 16 MB {@code max_allowed_packet}; an upsert
 * then fails at once, naming the limit, table, column and key, and passes with the limit raised.
 */
class LargeValuesTest {
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    /** Room for a 50 MB value in an INSERT's text, escapes included. */
    private static final long RAISED_PACKET = 128L * 1024 * 1024;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private static String sourceUrl;
    private static List<List<String>> original;
    private static List<List<String>> changed;

    @TempDir
    Path dir;

    /**
     * {@code docs}: row 1 a 50 MB text, row 2 a 50 MB bytea, row 3 small values; {@code docs_changed}:
     * the same rows with both large values changed at their start and end.
     */
    @BeforeAll
    static void createSource() throws SQLException {
        sourceUrl = TestPostgres.freshDatabase("large_src");
        execute(sourceUrl,
                "CREATE TABLE docs (id bigint PRIMARY KEY, note text, body bytea)",
                // 1,638,400 MD5 digests: 50 MB of text, then tabs, two-byte characters and backslashes in it
                "INSERT INTO docs SELECT 1, replace(replace(replace(string_agg(md5(i::text), '' ORDER BY i), 'a', E'\\t'),"
                        + " 'b', 'é'), 'c', E'\\\\'), NULL FROM generate_series(1, 1638400) i",
                "INSERT INTO docs SELECT 2, NULL, decode(string_agg(md5(i::text), '' ORDER BY i), 'hex')"
                        + " FROM generate_series(1, 3276800) i",
                "INSERT INTO docs VALUES (3, 'small', '\\x00ff')",
                "CREATE TABLE docs_changed (LIKE docs INCLUDING ALL)",
                "INSERT INTO docs_changed SELECT id, 'changed ' || note || ' at both ends',"
                        + " '\\x0102'::bytea || body || '\\x0304'::bytea FROM docs");
        original = postgresDigests(sourceUrl, "docs");
        changed = postgresDigests(sourceUrl, "docs_changed");
        assertThat(Long.parseLong(original.get(0).get(2))).isGreaterThan(FIFTY_MB);
        assertThat(Long.parseLong(original.get(1).get(4))).isEqualTo(FIFTY_MB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void fiftyMegabyteValuesArriveExactlyByFullLoadAndByUpsert(String kind) throws Exception {
        String destination = kind.equals("postgresql") ? TestPostgres.freshDatabase("large_dst")
                : "jdbc:sqlite:" + dir.resolve("warehouse.db");

        Run load = ferry(pipeline("load", destination, "docs", "overwrite"));
        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(digests(kind, destination)).isEqualTo(original);

        Run upsert = ferry(pipeline("upsert", destination, "docs_changed", "upsert"));
        assertThat(upsert.exitCode()).as(upsert.output()).isZero();
        assertThat(digests(kind, destination)).isEqualTo(changed);
    }

    @Test
    void intoMariaDbFullLoadsPassAtTheDefaultPacketAndUpsertsNeedItRaised() throws Exception {
        String destination = TestMariaDb.freshDatabase("large");
        long packet = globalMaxAllowedPacket(destination);
        assumeTrue(packet < FIFTY_MB, "the server's max_allowed_packet (" + packet + ") already takes a 50 MB value");

        Run load = ferry(pipeline("load", destination, "docs", "overwrite"));
        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(digests("mariadb", destination)).isEqualTo(original);

        Run refused = ferry(pipeline("upsert", destination, "docs_changed", "upsert"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output())
                .containsPattern("table [^,]*docs, column (note|body), row id=[12]: ")
                .contains("max_allowed_packet of " + packet + " bytes")
                .contains("SET GLOBAL max_allowed_packet")
                .doesNotContain("retrying")
                .doesNotContainIgnoringCase("connection reset");
        assertThat(digests("mariadb", destination)).as("the failed upsert changed nothing").isEqualTo(original);

        try (RaisedPacket raised = RaisedPacket.atLeast(destination, RAISED_PACKET)) {
            Run upsert = ferry(pipeline("upsert", destination, "docs_changed", "upsert"));
            assertThat(upsert.exitCode()).as(upsert.output()).isZero();
        }
        assertThat(digests("mariadb", destination)).isEqualTo(changed);
    }

    private Path pipeline(String name, String destination, String table, String write) throws Exception {
        Path file = dir.resolve(name + ".yml");
        Files.writeString(file, """
                pipeline: %s
                connections:
                  src: {url: "%s"}
                  dst: {url: "%s"}
                source: src
                destination: dst
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - table: %s
                    destination_table: docs
                    sync: full_refresh
                    write: %s
                """.formatted(name, sourceUrl, destination, table, write));
        return file;
    }

    private Run ferry(Path pipeline) throws Exception {
        Path log = Files.createTempFile(dir, pipeline.getFileName().toString(), ".log");
        Process ferry = ChildFerry.start(dir, log, Map.of(), "run", pipeline.getFileName().toString());
        long peakKb = 0;
        try {
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (!ferry.waitFor(200, TimeUnit.MILLISECONDS)) {
                peakKb = Math.max(peakKb, peakRssKb(ferry.pid()));
                assertThat(System.nanoTime()).as("ferry run %s within %s", pipeline, RUN_TIMEOUT).isLessThan(deadline);
            }
        } finally {
            ferry.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.printf("%s: exit %d, peak RSS about %d MB%n", pipeline.getFileName(), ferry.exitValue(), peakKb / 1024);
        return new Run(ferry.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }

    /** The process's peak resident set so far (VmHWM), or 0 once it is gone. */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception gone) {
            // the process ended between two looks
        }
        return 0;
    }

    /** Per row: id, MD5 and length in bytes of note (UTF-8), MD5 and length of body; null for NULL. */
    private static List<List<String>> digests(String kind, String url) throws Exception {
        return switch (kind) {
            case "postgresql" -> postgresDigests(url, "docs");
            case "mariadb" -> QueryRows.of(url, "SELECT id, md5(note), octet_length(note), md5(body), length(body) FROM docs ORDER BY id");
            default -> sqliteDigests(url);
        };
    }

    private static List<List<String>> postgresDigests(String url, String table) throws SQLException {
        return QueryRows.of(url, "SELECT id, md5(note), octet_length(note), md5(body), length(body) FROM " + table + " ORDER BY id");
    }

    /** SQLite has no MD5: the values are read whole into this (unbounded) test JVM and hashed here. */
    private static List<List<String>> sqliteDigests(String url) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, note, body FROM docs ORDER BY id")) {
            while (result.next()) {
                String note = result.getString(2);
                byte[] noteBytes = note == null ? null : note.getBytes(StandardCharsets.UTF_8);
                byte[] body = result.getBytes(3);
                List<String> row = new ArrayList<>();
                row.add(result.getString(1));
                row.add(md5(noteBytes));
                row.add(noteBytes == null ? null : String.valueOf(noteBytes.length));
                row.add(md5(body));
                row.add(body == null ? null : String.valueOf(body.length));
                rows.add(row);
            }
        }
        return rows;
    }

    private static String md5(byte[] bytes) throws Exception {
        return bytes == null ? null : HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }


    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long globalMaxAllowedPacket(String url) throws SQLException {
        return Long.parseLong(QueryRows.of(url, "SELECT @@GLOBAL.max_allowed_packet").getFirst().getFirst());
    }

    /**
     * MariaDB's max_allowed_packet raised for new sessions while the test needs it, then put back,
     * unless someone else changed it meanwhile. It is only ever raised, so tests running beside
     * this one at the same time never see a lower limit than the server's own.
     */
    private record RaisedPacket(String url, long before, long raised) implements AutoCloseable {

        static RaisedPacket atLeast(String url, long bytes) throws SQLException {
            long before = globalMaxAllowedPacket(url);
            if (before < bytes) {
                execute(url, "SET GLOBAL max_allowed_packet = " + bytes);
            }
            return new RaisedPacket(url, before, Math.max(before, bytes));
        }

        @Override
        public void close() throws SQLException {
            if (raised != before && globalMaxAllowedPacket(url) == raised) {
                execute(url, "SET GLOBAL max_allowed_packet = " + before);
            }
        }
    }
}

package dev.ferry.cli;

import dev.ferry.cli.e2e.ChildFerry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's configuration and connections as a user meets them: secret references in URLs
 * and table names, passwords kept out of URLs, commands that only look and create nothing, status
 * without the connections' secrets, connect timeouts and unknown hosts named, and a validate that
 * finds what a run would fail on.
 */
class CliConfigurationTest {

    private static final String HEAD = """
            pipeline: shop
            connections:
              src:
                url: jdbc:sqlite:source.db
              dst:
                url: jdbc:sqlite:warehouse.db
            source: src
            destination: dst
            state:
              url: jdbc:sqlite:state/state.db
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void createSource() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("source.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("create table items (id integer primary key, name text not null, photo blob, "
                    + "updated_at integer not null)");
            statement.execute("create table notes (body text, written_at integer)");
            statement.execute("insert into items values (1, 'one', x'00ff', 1001), (2, 'two', null, 1002)");
            statement.execute("insert into notes values ('hello', 1)");
        }
    }

    // ---- secret references ----

    @Test
    void aUrlAndATableNameTakeEnvironmentReferences() throws Exception {
        write("env.yml", """
                pipeline: shop
                connections:
                  src:
                    url: jdbc:sqlite:${env:SHOP_FILE}
                  dst:
                    url: jdbc:sqlite:warehouse.db
                source: src
                destination: dst
                state:
                  url: jdbc:sqlite:state/state.db
                streams:
                  - table: ${env:SHOP_TABLE}
                """);

        Child run = child(Map.of("SHOP_FILE", "source.db", "SHOP_TABLE", "items"), "run", "env.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(rows(dir.resolve("warehouse.db"), "select id, name from items order by id"))
                .containsExactly("1 one", "2 two");
    }

    @Test
    void aUrlHoldingSecretReferencesIsShownAsWrittenNeverWithTheirValues() throws Exception {
        String secret = "t0ken-S3cret-" + System.nanoTime();
        String host = "h0st-" + System.nanoTime();
        write("masked.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db",
                "url: \"jdbc:warehousedb://${env:WH_HOST}/wh?token=${env:WH_TOKEN}\"") + """
                streams: [{table: items}]
                """);
        write("refused.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db",
                "url: \"jdbc:postgresql://127.0.0.1:1/wh?sslpassword=${env:WH_TOKEN}\"") + """
                streams: [{table: items}]
                """);
        Map<String, String> env = Map.of("WH_HOST", host, "WH_TOKEN", secret);

        Child validate = child(env, "validate", "masked.yml");
        Child check = child(env, "check", "refused.yml", "--json");

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.output()).contains("no connector recognises the URL jdbc:warehousedb://${env:WH_HOST}/wh");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.output()).contains("Cannot connect to postgresql connection dst: 127.0.0.1:1 refused the connection");
        for (Child child : List.of(validate, check)) {
            assertThat(child.output()).doesNotContain(secret).doesNotContain(host);
        }
    }

    @Test
    void aPasswordWrittenIntoAUrlIsRefusedWithoutBeingShown() throws Exception {
        Path file = write("pw.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db",
                "url: \"jdbc:postgresql://db:5432/wh?user=app&password=hunter2-written\"") + """
                streams: [{table: items}]
                """);

        Result result = ferry("validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo(file + ":6:10: connections.dst.url: holds a password written in its "
                + "password parameter; a URL is shown in logs and output, so leave it out and use password: ${env:NAME} "
                + "or ${file:PATH} (or put a reference in its place)");
        assertThat(result.out() + result.err()).doesNotContain("hunter2-written");
    }

    @Test
    void statusNeedsNoSecretsOfTheConnections() throws Exception {
        write("secrets.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db", """
                url: jdbc:sqlite:warehouse.db
                    user: ${env:FERRY_TEST_WH_USER}
                    password: ${env:FERRY_TEST_WH_PASSWORD}""") + """
                streams: [{table: items}]
                """);
        Child run = child(Map.of("FERRY_TEST_WH_USER", "loader", "FERRY_TEST_WH_PASSWORD", "pw"), "run", "secrets.yml");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(System.getenv("FERRY_TEST_WH_PASSWORD")).as("this JVM lacks the secrets").isNull();

        Result status = ferry("status", dir.resolve("secrets.yml").toString());
        Result runWithout = ferry("run", dir.resolve("secrets.yml").toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("(?m)^#1 +shop +succeeded");
        assertThat(runWithout.exitCode()).as("a run does need them").isEqualTo(2);
        assertThat(runWithout.err()).contains("connections.dst.password: environment variable FERRY_TEST_WH_PASSWORD is not set");
    }

    // ---- commands that only look ----

    @Test
    void checkStatusDiscoverAndValidateConnectLeaveNoFileBehind() throws Exception {
        Path file = write("pipeline.yml", HEAD + """
                streams: [{table: items}]
                """);
        List<String> before = files();

        Result check = ferry("check", file.toString());
        Result status = ferry("status", file.toString());
        Result statusJson = ferry("status", file.toString(), "--json");
        Result discover = ferry("discover", file.toString());
        Result validate = ferry("validate", file.toString(), "--connect");
        Result discoverMissing = ferry("discover", file.toString(), "--connection", "dst");

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).containsPattern("(?m)^dst +destination +ok")
                .containsPattern("(?m)^state +state store +ok \\(\\d+ ms; not created yet: the first run creates it\\)$");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out().strip()).isEqualTo("state store jdbc:sqlite:" + dir.toAbsolutePath().normalize()
                .resolve("state/state.db") + " does not exist yet: no runs");
        assertThat(statusJson.out().strip()).isEqualTo("[ ]");
        assertThat(discover.exitCode()).isZero();
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(discoverMissing.exitCode()).isEqualTo(1);
        assertThat(discoverMissing.err()).contains("Cannot connect to sqlite connection dst: jdbc:sqlite:"
                + dir.toAbsolutePath().normalize().resolve("warehouse.db") + " names no existing database file");
        assertThat(files()).as("files before and after").isEqualTo(before);
    }

    // ---- connection failures ----

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheConnectTimeoutNamingHostAndPort() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // held open, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            int port = silent.getLocalPort();
            Path file = write("silent.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db", """
                    url: jdbc:postgresql://127.0.0.1:%d/wh
                        connect_timeout: 2s""".formatted(port)) + """
                    streams: [{table: items}]
                    """);

            long started = System.nanoTime();
            Result check = ferry("check", file.toString());
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.out()).containsPattern("(?m)^dst +destination +FAILED: Cannot connect to postgresql "
                    + "connection dst: 127\\.0\\.0\\.1:" + port + " did not answer: timed out after 2 s \\(connect_timeout\\)$");
            assertThat(millis).as("at the 2 s timeout, with a margin for start-up").isBetween(1_900L, 6_000L);
            silent.close();
            acceptor.join(5_000);
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void anUnknownHostIsNamed() throws Exception {
        Path file = write("unknown.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db",
                "url: jdbc:mariadb://warehouse.invalid/wh") + """
                streams: [{table: items}]
                """);

        Result check = ferry("check", file.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).containsPattern("(?m)^dst +destination +FAILED: Cannot connect to mariadb connection dst: "
                + "unknown host warehouse\\.invalid \\(warehouse\\.invalid:3306\\): the name does not resolve; check the "
                + "host in the url$");
    }

    // ---- validate ----

    @Test
    void validateFindsAMissingKeyWithoutConnecting() throws Exception {
        Path file = write("keys.yml", HEAD + """
                streams:
                  - name: open_items
                    query: "select id, name from items"
                  - view: item_names
                    sync: hash
                """);

        Result result = ferry("validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines()).containsExactly(
                file + ":12:5: streams[0].key: is required when a stream reads a query with sync: full_refresh and "
                        + "write: upsert; a query has no primary key to take it from",
                file + ":14:5: streams[1].key: is required when a stream reads a view with sync: hash and "
                        + "write: upsert; a view has no primary key to take it from");
    }

    @Test
    void validateConnectFindsWhatARunWouldFailOnAllAtOnce() throws Exception {
        Path file = write("connect.yml", HEAD + """
                streams:
                  - table: items
                    sync: incremental
                    cursor: updatedat
                  - table: items
                    name: by_photo
                    sync: incremental
                    cursor: photo
                    key: [id, sku]
                  - table: notes
                  - table: orders
                  - table: notes
                    name: note_copy
                    write: overwrite
                    columns: [body, author]
                  - table: items
                    name: items_copy
                    destination_table: items_copy
                    rename: {name: "item;name"}
                  - table: items
                    name: items_changes
                    destination_table: items_changes
                    sync: changes
                """);
        List<String> before = files();

        Result offline = ferry("validate", file.toString());
        Result result = ferry("validate", file.toString(), "--connect");

        assertThat(offline.exitCode()).as("nothing is wrong in the file itself").isZero();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines()).containsExactly(
                file + ":14:13: streams[0].cursor: cursor column 'updatedat' does not exist; items has "
                        + "[id, name, photo, updated_at]",
                file + ":18:13: streams[1].cursor: cursor column 'photo' is BINARY, which has no order; choose a "
                        + "timestamp, date or number column",
                file + ":19:15: streams[1].key[1]: key column 'sku' does not exist; items has [id, name, photo, updated_at]",
                file + ":20:12: streams[2].table: notes has no primary key, and write: upsert needs one to match rows; "
                        + "name the columns that identify a row with key: [...]",
                file + ":21:12: streams[3].table: Stream orders: there is no table or view orders in connection src",
                file + ":25:21: streams[4].columns[1]: column 'author' does not exist; notes has [body, written_at]",
                file + ":28:24: streams[5].destination_table: Invalid identifier for column of items_copy: "
                        + "'item;name' contains a forbidden character (quotes, brackets, ';', '\\' and control characters "
                        + "are not allowed in names)",
                file + ":33:11: streams[6].sync: sync: changes reads a source's own change log, and connection src "
                        + "has none; use sync: incremental with a cursor, or hash");
        assertThat(files()).as("validate --connect creates nothing").isEqualTo(before);
    }

    @Test
    void validateConnectLocatesADatabaseItCannotReachAtItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        Path file = write("down.yml", HEAD.replace("url: jdbc:sqlite:warehouse.db",
                "url: jdbc:postgresql://127.0.0.1:" + closedPort + "/wh").replace("url: jdbc:sqlite:state/state.db",
                "url: jdbc:postgresql://127.0.0.1:" + closedPort + "/state") + """
                streams: [{table: items}]
                """);

        Result result = ferry("validate", file.toString(), "--connect");

        assertThat(result.exitCode()).as("the file may be right; the database could not be looked at").isEqualTo(1);
        assertThat(result.err().strip().lines()).containsExactly(
                file + ":6:10: connections.dst.url: Cannot connect to postgresql connection dst: 127.0.0.1:" + closedPort
                        + " refused the connection: is the server running and listening on that port?",
                file + ":10:8: state.url: State store jdbc:postgresql://127.0.0.1:" + closedPort + "/state cannot be "
                        + "reached: 127.0.0.1:" + closedPort + " refused the connection: is the server running and "
                        + "listening on that port?");
    }

    // ---- helpers ----

    private record Result(int exitCode, String out, String err) {
    }

    private record Child(int exitCode, String output) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private Child child(Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile(dir.getParent(), "ferry-child", ".log");
        try {
            Process process = ChildFerry.start(dir, log, env, args);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ferry " + String.join(" ", args)).isTrue();
            return new Child(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Every file and folder under the test folder, but the pipeline files this test writes. */
    private List<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(dir::relativize).map(Path::toString).filter(name -> !name.endsWith(".yml")).sorted().toList();
        }
    }

    private static List<String> rows(Path database, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2));
            }
        }
        return rows;
    }
}

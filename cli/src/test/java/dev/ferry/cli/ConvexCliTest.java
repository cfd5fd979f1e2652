package dev.ferry.cli;

import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.StoredDocument;
import org.junit.jupiter.api.AfterEach;
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

import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Convex deployment (the testkit's fake) as {@code ferry} finds it: a connection with a deploy key, checked and
 * copied from, and imported into.
 */
class ConvexCliTest {
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
    void checkProvesTheDeployKeyAndNamesARefusedOneWithoutShowingIt() throws Exception {
        Files.writeString(dir.resolve("key"), fake.deployKey() + "\n");
        Path good = pipeline("good.yml", "key");
        Files.writeString(dir.resolve("wrong"), "prod:fake-convex|not-the-key-0042\n");
        Path bad = pipeline("bad.yml", "wrong");

        Result ok = ferry("check", good.toString());
        Result refused = ferry("check", bad.toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).containsPattern("app\\s+source\\s+ok");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("app").contains("refused the deploy key").contains("BadAdminKey")
                .doesNotContain("not-the-key-0042").doesNotContain(fake.deployKey());
    }

    @Test
    void checkOfAMutationConnectionCallsItsFunctionsAndNamesAWrongAuthKeyWithoutShowingIt() throws Exception {
        Files.writeString(dir.resolve("key"), fake.deployKey());
        Files.writeString(dir.resolve("auth"), fake.mutationAuthKey() + "\n");
        Files.writeString(dir.resolve("wrong-auth"), "not-the-auth-key-0042\n");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("source.db"));
             Statement statement = sqlite.createStatement()) {
            statement.execute("create table poles (id integer primary key, label text)");
        }
        Path good = mutationPipeline("good.yml", "auth");
        Path bad = mutationPipeline("bad.yml", "wrong-auth");

        Result ok = ferry("check", good.toString());
        Result refused = ferry("check", bad.toString());

        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).containsPattern("app\\s+destination\\s+ok");
        assertThat(fake.requests()).as("both functions called").extracting(r -> r.path()).contains("/api/mutation");
        assertThat(fake.tableNames()).as("a check writes nothing").doesNotContain("ferry_check");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("app").contains("Unauthorized").contains("auth_key")
                .doesNotContain("not-the-auth-key-0042").doesNotContain(fake.mutationAuthKey())
                .doesNotContain(fake.deployKey());
    }

    private Path mutationPipeline(String name, String authKeyFile) throws Exception {
        return Files.writeString(dir.resolve(name), """
                pipeline: to-convex
                connections:
                  src:
                    url: jdbc:sqlite:source.db
                  app:
                    url: "%s"
                    type: convex
                    deploy_key: "${file:key}"
                    properties: {write: mutation, auth_key: "${file:%s}", integers: int64}
                source: src
                destination: app
                state:
                  url: jdbc:sqlite:state.db
                streams:
                  - table: poles
                    write: upsert
                """.formatted(fake.url(), authKeyFile));
    }

    @Test
    void aFullRefreshCopiesATableIntoSqlite() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add(fake.insert("people", object("name", string("person " + i), "age", int64(Long.MAX_VALUE - i),
                    "score", float64(i + 0.5), "photo", bytes(new byte[] {(byte) i}))));
        }
        Files.writeString(dir.resolve("key"), fake.deployKey());
        Path pipeline = pipeline("run.yml", "key");

        Result run = ferry("run", pipeline.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             Statement statement = sqlite.createStatement();
             ResultSet rows = statement.executeQuery("select _id, name, age, score, photo from people order by age desc")) {
            int i = 0;
            while (rows.next()) {
                assertThat(rows.getString("_id")).isEqualTo(ids.get(i));
                assertThat(rows.getString("name")).isEqualTo("person " + i);
                assertThat(rows.getLong("age")).isEqualTo(Long.MAX_VALUE - i);
                assertThat(rows.getDouble("score")).isEqualTo(i + 0.5);
                assertThat(rows.getBytes("photo")).containsExactly((byte) i);
                i++;
            }
            assertThat(i).isEqualTo(1500);
        }
    }

    @Test
    void aChangesStreamCopiesASnapshotThenAppliesInsertsUpdatesAndDeletes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ids.add(fake.insert("people", object("name", string("person " + i), "age", int64(i))));
        }
        Files.writeString(dir.resolve("key"), fake.deployKey());
        Path pipeline = Files.writeString(dir.resolve("changes.yml"), Files.readString(pipeline("base.yml", "key"))
                .replace("  - table: people\n", "  - table: people\n    sync: changes\n    deletes: hard\n"));

        Result first = ferry("run", pipeline.toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(count("select count(*) from people")).isEqualTo(2500);

        fake.patch("people", ids.get(3), object("name", string("renamed 3")));
        fake.delete("people", ids.get(5));
        fake.delete("people", ids.get(2499));
        String added = fake.insert("people", object("name", string("newcomer"), "age", int64(9999)));
        Result second = ferry("run", pipeline.toString());

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("4 read").contains("1 inserted").contains("1 updated").contains("2 deleted");
        assertThat(count("select count(*) from people")).isEqualTo(2499);
        assertThat(count("select count(*) from people where _id in ('" + ids.get(5) + "', '" + ids.get(2499) + "')"))
                .isZero();
        assertThat(count("select count(*) from people where _id = '" + ids.get(3) + "' and name = 'renamed 3' and age = 3"))
                .isEqualTo(1);
        assertThat(count("select count(*) from people where _id = '" + added + "' and age = 9999")).isEqualTo(1);
        Result third = ferry("run", pipeline.toString());
        assertThat(third.out()).as("nothing changed since").contains("0 read");
    }

    @Test
    void anUpsertRunFromSqliteImportsRowsAndASecondRunReplacesTheChangedOnes() throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("source.db"));
             Statement statement = sqlite.createStatement()) {
            sqlite.setAutoCommit(false);
            statement.execute("create table poles (id integer primary key, label text not null, height real, installed date)");
            for (int i = 1; i <= 1200; i++) {
                statement.execute("insert into poles values (" + i + ", 'pole " + i + "', " + (i + 0.25) + ", '2024-01-"
                        + String.format("%02d", i % 28 + 1) + "')");
            }
            sqlite.commit();
        }
        Files.writeString(dir.resolve("key"), fake.deployKey());
        Path pipeline = Files.writeString(dir.resolve("to-convex.yml"), """
                pipeline: to-convex
                connections:
                  src:
                    url: jdbc:sqlite:source.db
                  app:
                    url: "%s"
                    type: convex
                    deploy_key: "${file:key}"
                source: src
                destination: app
                state:
                  url: jdbc:sqlite:state.db
                streams:
                  - table: poles
                    write: upsert
                """.formatted(fake.url()));

        Result first = ferry("run", pipeline.toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("1,200 read").contains("1,200 inserted");
        assertThat(fake.documents("poles")).hasSize(1200);
        assertThat(pole(7).fields()).isEqualTo(object("id", float64(7), "label", string("pole 7"), "height", float64(7.25),
                "installed", string("2024-01-08")));
        String sevenId = pole(7).id();

        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("source.db"));
             Statement statement = sqlite.createStatement()) {
            statement.execute("update poles set label = 'moved 7', height = null where id = 7");
            statement.execute("insert into poles values (5000, 'pole 5000', 9.5, null)");
        }
        Result second = ferry("run", pipeline.toString());

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).as("every imported record counts as inserted: Convex does not say which replaced one")
                .contains("1,201 read").contains("1,201 inserted");
        assertThat(fake.documents("poles")).hasSize(1201);
        assertThat(pole(7).id()).as("the document with key 7 replaced, not a second one").isEqualTo(sevenId);
        assertThat(pole(7).fields()).isEqualTo(object("id", float64(7), "label", string("moved 7"),
                "height", nullValue(), "installed", string("2024-01-08")));
        assertThat(pole(5000).field("installed")).isEqualTo(nullValue());
        assertThat(pole(8).field("label")).isEqualTo(string("pole 8"));
    }

    private StoredDocument pole(long id) {
        return fake.documents("poles").stream().filter(d -> float64(id).equals(d.field("id"))).findFirst().orElseThrow();
    }

    private long count(String sql) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("warehouse.db"));
             Statement statement = sqlite.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Path pipeline(String name, String keyFile) throws Exception {
        return Files.writeString(dir.resolve(name), """
                pipeline: convex
                connections:
                  app:
                    url: "%s"
                    type: convex
                    deploy_key: "${file:%s}"
                  dst:
                    url: jdbc:sqlite:warehouse.db
                source: app
                destination: dst
                state:
                  url: jdbc:sqlite:state.db
                streams:
                  - table: people
                """.formatted(fake.url(), keyFile));
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}

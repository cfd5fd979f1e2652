package dev.ferry.server.ui.auth;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.auth.Role;
import dev.ferry.server.security.MutableClock;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dashboard users on the server's real tables, on SQLite and PostgreSQL. */
class UserServiceTest {
    private static final String PASSWORD = "twelve chars or more";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));

    @TempDir
    Path folder;

    private StateConfig store(String kind) {
        return kind.equals("sqlite") ? new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null)
                : new StateConfig(TestPostgres.freshDatabase("ferry_users"), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCreatedUserIsFoundAndListedAndOnlyItsArgon2idHashIsStored(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            Sql sql = new Sql(database);
            UserService users = new UserService(sql, clock);
            UserService.User ann = users.create("ann", Role.OPERATOR, PASSWORD, false);
            assertThat(ann).isEqualTo(new UserService.User("ann", Role.OPERATOR, clock.instant(), null));
            clock.advance(Duration.ofMinutes(1));
            users.create("bob.smith@example.com", Role.VIEWER, PASSWORD, false);
            assertThat(users.list()).extracting(UserService.User::name).containsExactly("ann", "bob.smith@example.com");
            assertThat(users.find("ann")).contains(ann);
            assertThat(users.find("nobody")).isEmpty();

            List<String> hashes = sql.query("read hashes", "SELECT password_hash FROM ferry_ui_user", row -> row.getString(1));
            assertThat(hashes).hasSize(2).allSatisfy(hash -> {
                assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain(PASSWORD);
                assertThat(new PasswordHasher().matches(PASSWORD, hash)).isTrue();
            });
            assertThat(hashes.get(0)).as("each has its own salt").isNotEqualTo(hashes.get(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSecondUserOfTheSameNameIsRefusedUnlessReplacingWhichSetsPasswordAndRole(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            UserService users = new UserService(new Sql(database), clock);
            users.create("ann", Role.VIEWER, PASSWORD, false);
            assertThatThrownBy(() -> users.create("ann", Role.ADMIN, "another long password", false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("User ann exists")
                    .hasMessageContaining("--replace");
            assertThat(users.find("ann").orElseThrow().role()).isEqualTo(Role.VIEWER);
            assertThat(users.authenticate("ann", PASSWORD)).isPresent();

            clock.advance(Duration.ofHours(1));
            UserService.User replaced = users.create("ann", Role.ADMIN, "another long password", true);
            assertThat(replaced.role()).isEqualTo(Role.ADMIN);
            assertThat(replaced.createdAt()).as("still the same user").isEqualTo(clock.instant().minus(Duration.ofHours(1)));
            assertThat(users.authenticate("ann", PASSWORD)).isEmpty();
            assertThat(users.authenticate("ann", "another long password")).isPresent();
            assertThat(users.list()).hasSize(1);
        }
    }

    @Test
    void aShortPasswordOrABadNameIsRefusedSayingWhy() {
        try (ServerDatabase database = ServerDatabase.open(store("sqlite"))) {
            UserService users = new UserService(new Sql(database), clock);
            assertThatThrownBy(() -> users.create("ann", Role.ADMIN, "eleven char", false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("A password has at least 12 characters");
            // Characters, not UTF-16 units: eleven keys are eleven characters, though 22 chars in Java.
            assertThatThrownBy(() -> users.create("ann", Role.ADMIN, "🔑".repeat(11), false))
                    .hasMessage("A password has at least 12 characters");
            assertThatThrownBy(() -> users.create("ann", Role.ADMIN, null, false)).isInstanceOf(IllegalArgumentException.class);
            assertThat(users.create("ann", Role.ADMIN, "🔑".repeat(12), false).name()).isEqualTo("ann");
            assertThat(users.create("bob", Role.ADMIN, "twelve chars", false).name()).isEqualTo("bob");
            for (String bad : new String[]{"", "a b", "ann/x", "x".repeat(65), "<script>"}) {
                assertThatThrownBy(() -> users.create(bad, Role.VIEWER, PASSWORD, false)).as(bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A user name is 1 to 64");
            }
            assertThatThrownBy(() -> users.create(null, Role.VIEWER, PASSWORD, false)).isInstanceOf(IllegalArgumentException.class);
            assertThat(users.list()).extracting(UserService.User::name).containsExactly("ann", "bob");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void authenticationAnswersTheUserForTheRightPasswordOnlyAndNotesTheSignIn(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            UserService users = new UserService(new Sql(database), clock);
            users.create("ann", Role.OPERATOR, PASSWORD, false);
            clock.advance(Duration.ofMinutes(5));
            assertThat(users.authenticate("ann", PASSWORD + "!")).isEmpty();
            assertThat(users.authenticate("ann", "")).isEmpty();
            assertThat(users.authenticate("ann", null)).isEmpty();
            assertThat(users.authenticate("Ann", PASSWORD)).as("names are exact").isEmpty();
            assertThat(users.authenticate("nobody", PASSWORD)).isEmpty();
            assertThat(users.authenticate(null, PASSWORD)).isEmpty();
            assertThat(users.find("ann").orElseThrow().lastSignInAt()).as("failed attempts are no sign-in").isNull();

            UserService.User signedIn = users.authenticate("ann", PASSWORD).orElseThrow();
            assertThat(signedIn.name()).isEqualTo("ann");
            assertThat(signedIn.role()).isEqualTo(Role.OPERATOR);
            assertThat(signedIn.lastSignInAt()).isEqualTo(clock.instant());

            assertThat(users.delete("ann")).isTrue();
            assertThat(users.delete("ann")).isFalse();
            assertThat(users.authenticate("ann", PASSWORD)).isEmpty();
        }
    }

    /**
     * An unknown name must cost a hash like a known one with a wrong password, or the time of the
     * answer tells which names exist. Medians of interleaved tries; the bound is loose because the
     * machine is shared, but a path without the hash is some 20 times quicker than one with it.
     */
    @Test
    void anUnknownNameTakesAboutAsLongAsAWrongPassword() {
        try (ServerDatabase database = ServerDatabase.open(store("sqlite"))) {
            UserService users = new UserService(new Sql(database), clock);
            users.create("ann", Role.OPERATOR, PASSWORD, false);
            users.authenticate("ann", "warm up the code paths");
            users.authenticate("nobody", "warm up the code paths");
            List<Long> unknown = new ArrayList<>();
            List<Long> wrong = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String stranger = "nobody-" + i;
                unknown.add(timed(() -> users.authenticate(stranger, PASSWORD)));
                wrong.add(timed(() -> users.authenticate("ann", "a wrong password here")));
            }
            long unknownMedian = median(unknown);
            long wrongMedian = median(wrong);
            assertThat(unknownMedian).as("unknown name %d µs, wrong password %d µs", unknownMedian / 1000, wrongMedian / 1000)
                    .isGreaterThan(wrongMedian / 3);
        }
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

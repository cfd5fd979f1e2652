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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dashboard sessions on the server's real tables, on SQLite and PostgreSQL, with a clock the test moves. */
class SessionServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));

    @TempDir
    Path folder;

    private StateConfig store(String kind) {
        return kind.equals("sqlite") ? new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null)
                : new StateConfig(TestPostgres.freshDatabase("ferry_sessions"), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aStartedSessionIsFoundByItsCookieWhichTheStoreKeepsOnlyAsAHash(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            Sql sql = new Sql(database);
            SessionService sessions = new SessionService(sql, clock);
            SessionService.Started started = sessions.start("ann", UiSession.Kind.USER, Role.OPERATOR);
            assertThat(started.cookieValue()).matches("[A-Za-z0-9_-]{43}");
            assertThat(started.session()).isEqualTo(new UiSession("ann", UiSession.Kind.USER, Role.OPERATOR,
                    started.session().csrfToken(), clock.instant().plus(SessionService.IDLE)));
            assertThat(started.session().csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(started.cookieValue());
            assertThat(sessions.find(started.cookieValue())).contains(started.session());

            List<String> stored = sql.query("read sessions", "SELECT id_hash FROM ferry_ui_session", row -> row.getString(1));
            assertThat(stored).hasSize(1);
            assertThat(stored.getFirst()).matches("[0-9a-f]{64}").doesNotContain(started.cookieValue());

            assertThat(sessions.find(started.cookieValue() + "x")).isEmpty();
            assertThat(sessions.find("")).isEmpty();
            assertThat(sessions.find(null)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSessionEndsAfterItsIdleTimeAndUsingItMovesItsEnd(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            Sql sql = new Sql(database);
            SessionService sessions = new SessionService(sql, clock);
            Instant start = clock.instant();
            String used = sessions.start("ann", UiSession.Kind.USER, Role.VIEWER).cookieValue();
            String idle = sessions.start("bob", UiSession.Kind.USER, Role.VIEWER).cookieValue();

            // Within a minute, use does not write: the end stays where it was.
            clock.advance(Duration.ofSeconds(30));
            assertThat(sessions.find(used).orElseThrow().expiresAt()).isEqualTo(start.plus(SessionService.IDLE));
            clock.advance(Duration.ofSeconds(31));
            assertThat(sessions.find(used).orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(SessionService.IDLE));

            // Finding a session uses it (and so moves its end): look at the idle one only once it should have ended.
            clock.advance(SessionService.IDLE.minus(Duration.ofSeconds(61)));
            assertThat(clock.instant()).isEqualTo(start.plus(SessionService.IDLE));
            assertThat(sessions.find(idle)).as("unused for its idle time").isEmpty();
            assertThat(sessions.find(used)).as("used a minute in, so it lasts a minute longer").isPresent();

            clock.advance(SessionService.IDLE.minus(Duration.ofSeconds(1)));
            assertThat(sessions.find(used)).as("a second before its end").isPresent();
            clock.advance(SessionService.IDLE);
            assertThat(sessions.find(used)).isEmpty();
            assertThat(count(sql)).as("an ended session found again is removed").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void endingOneSessionLeavesTheOthersAndRemovesExpiredOnes(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            Sql sql = new Sql(database);
            SessionService sessions = new SessionService(sql, clock);
            String old = sessions.start("carl", UiSession.Kind.USER, Role.VIEWER).cookieValue();
            clock.advance(SessionService.IDLE.minus(Duration.ofMinutes(1)));
            String laptop = sessions.start("ann", UiSession.Kind.USER, Role.ADMIN).cookieValue();
            String phone = sessions.start("ann", UiSession.Kind.USER, Role.ADMIN).cookieValue();
            clock.advance(Duration.ofMinutes(1));

            sessions.end(laptop);
            assertThat(sessions.find(laptop)).isEmpty();
            assertThat(sessions.find(phone)).isPresent();
            assertThat(count(sql)).as("carl's expired session went with it").isEqualTo(1);
            assertThat(sessions.find(old)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void endAllOfEndsEverySessionOfOneUserOrTokenOnly(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            SessionService sessions = new SessionService(new Sql(database), clock);
            String laptop = sessions.start("ann", UiSession.Kind.USER, Role.ADMIN).cookieValue();
            String phone = sessions.start("ann", UiSession.Kind.USER, Role.ADMIN).cookieValue();
            String annToken = sessions.start("ann", UiSession.Kind.TOKEN, Role.VIEWER).cookieValue();
            String bob = sessions.start("bob", UiSession.Kind.USER, Role.ADMIN).cookieValue();

            sessions.endAllOf("ann", UiSession.Kind.USER);
            assertThat(sessions.find(laptop)).isEmpty();
            assertThat(sessions.find(phone)).isEmpty();
            assertThat(sessions.find(annToken)).as("a token named like the user is not the user").isPresent();
            assertThat(sessions.find(bob)).isPresent();

            sessions.endAllOf("ann", UiSession.Kind.TOKEN);
            assertThat(sessions.find(annToken)).isEmpty();
            assertThat(sessions.find(bob)).isPresent();
        }
    }

    @Test
    void theCallerTheAuditLogNamesSaysHowTheSessionSignedIn() {
        UiSession user = new UiSession("ann", UiSession.Kind.USER, Role.OPERATOR, "csrf", Instant.EPOCH);
        UiSession token = new UiSession("deploy", UiSession.Kind.TOKEN, Role.VIEWER, "csrf", Instant.EPOCH);
        assertThat(user.caller("10.0.0.1").name()).isEqualTo("ui:ann");
        assertThat(user.caller("10.0.0.1").role()).isEqualTo(Role.OPERATOR);
        assertThat(token.caller("10.0.0.1").name()).isEqualTo("ui-token:deploy");
    }

    private static long count(Sql sql) {
        return sql.queryOne("count sessions", "SELECT count(*) FROM ferry_ui_session", row -> row.getLong(1)).orElseThrow();
    }
}

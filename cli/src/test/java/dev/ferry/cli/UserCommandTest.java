package dev.ferry.cli;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Role;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiSession;
import dev.ferry.server.ui.auth.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferry user create|list|delete} on a real state store, the password given on standard input. */
class UserCommandTest {
    private static final String PASSWORD = "a password long enough";
    private final InputStream originalIn = System.in;

    @TempDir
    Path dir;

    @AfterEach
    void restoreStandardInput() {
        System.setIn(originalIn);
    }

    @Test
    void createListReplaceAndDeleteAUserWhoseSessionsEndWithTheChange() {
        StateConfig state = new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null);

        Result created = ferryWithInput(PASSWORD + "\n", "user", "create", "--name", "ann", "--role", "operator",
                "--state", state.url());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("dashboard user ann (operator) created");
        assertThat(created.out() + created.err()).doesNotContain(PASSWORD);
        assertThat(ferryWithInput("another password here\n", "user", "create", "--name", "bob", "--role", "viewer",
                "--state", state.url()).exitCode()).isZero();

        Result listed = ferry("user", "list", "--state", state.url());
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        List<String> lines = listed.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ann").contains("operator", "last sign-in never");
        assertThat(lines.get(1)).startsWith("bob").contains("viewer");
        assertThat(listed.out()).doesNotContain("argon2").doesNotContain(PASSWORD);

        String session;
        try (ServerDatabase database = ServerDatabase.open(state)) {
            Sql sql = new Sql(database);
            assertThat(new UserService(sql, Clock.systemUTC()).authenticate("ann", PASSWORD)).isPresent();
            session = new SessionService(sql, Clock.systemUTC()).start("ann", UiSession.Kind.USER, Role.OPERATOR).cookieValue();
        }

        Result duplicate = ferryWithInput("a third password yes\n", "user", "create", "--name", "ann", "--role", "admin",
                "--state", state.url());
        assertThat(duplicate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(duplicate.err()).contains("User ann exists", "--replace");

        Result replaced = ferryWithInput("a third password yes\n", "user", "create", "--name", "ann", "--role", "admin",
                "--replace", "--state", state.url());
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.err()).contains("dashboard user ann (admin) updated");
        try (ServerDatabase database = ServerDatabase.open(state)) {
            Sql sql = new Sql(database);
            UserService users = new UserService(sql, Clock.systemUTC());
            assertThat(users.find("ann").orElseThrow().role()).isEqualTo(Role.ADMIN);
            assertThat(users.authenticate("ann", PASSWORD)).isEmpty();
            assertThat(users.authenticate("ann", "a third password yes")).isPresent();
            SessionService sessions = new SessionService(sql, Clock.systemUTC());
            assertThat(sessions.find(session)).as("a new password ends the old sessions").isEmpty();
            session = sessions.start("ann", UiSession.Kind.USER, Role.ADMIN).cookieValue();
        }

        Result deleted = ferry("user", "delete", "--name", "ann", "--state", state.url());
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        Result again = ferry("user", "delete", "--name", "ann", "--state", state.url());
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("no dashboard user ann");
        assertThat(ferry("user", "list", "--state", state.url()).out().lines().toList()).hasSize(1).first()
                .asString().startsWith("bob");

        try (ServerDatabase database = ServerDatabase.open(state)) {
            Sql sql = new Sql(database);
            assertThat(new SessionService(sql, Clock.systemUTC()).find(session)).as("a removed user is signed out").isEmpty();
            List<AuditEntry> audit = new AuditLog(sql, Clock.systemUTC()).recent(20, 0);
            assertThat(audit).extracting(AuditEntry::action, AuditEntry::target, AuditEntry::outcome).containsSubsequence(
                    org.assertj.core.groups.Tuple.tuple("user.delete", "ann", "refused"),
                    org.assertj.core.groups.Tuple.tuple("user.delete", "ann", "ok"),
                    org.assertj.core.groups.Tuple.tuple("user.update", "ann", "ok"),
                    org.assertj.core.groups.Tuple.tuple("user.create", "bob", "ok"),
                    org.assertj.core.groups.Tuple.tuple("user.create", "ann", "ok"));
            assertThat(audit).allSatisfy(entry -> {
                assertThat(entry.actor()).startsWith("cli:");
                assertThat(String.valueOf(entry.detail())).doesNotContain(PASSWORD);
            });
        }
    }

    @Test
    void aShortPasswordABadRoleOrNoPasswordIsRefusedSayingWhy() {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        Result shortPassword = ferryWithInput("too short\n", "user", "create", "--name", "ann", "--role", "admin", "--state", url);
        assertThat(shortPassword.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(shortPassword.err()).contains("A password has at least 12 characters");

        Result badRole = ferryWithInput(PASSWORD + "\n", "user", "create", "--name", "ann", "--role", "root", "--state", url);
        assertThat(badRole.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badRole.err()).contains("--role must be admin, operator or viewer, not 'root'");

        Result noInput = ferryWithInput("", "user", "create", "--name", "ann", "--role", "admin", "--state", url);
        assertThat(noInput.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noInput.err()).contains("give the password on standard input");

        Result unsetVariable = ferry("user", "create", "--name", "ann", "--role", "admin", "--password-env",
                "FERRY_TEST_NO_SUCH_VARIABLE", "--state", url);
        assertThat(unsetVariable.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unsetVariable.err()).contains("FERRY_TEST_NO_SUCH_VARIABLE is not set");

        assertThat(ferry("user", "list", "--state", url).out()).isEmpty();
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result ferryWithInput(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return ferry(args);
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}

package dev.ferry.cli;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiSession;
import dev.ferry.server.ui.auth.UserService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "user", description = "Creates, lists and removes the dashboard's users.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Delete.class})
final class UserCommand {

    @Mixin
    HelpOption help;

    /** Who the audit log names for what these commands change: the person at the machine's shell. */
    private static Caller shell() {
        return new Caller("cli:" + System.getProperty("user.name", "unknown"), Role.ADMIN, "local");
    }

    @Command(name = "create", description = "Creates a dashboard user. The password is read from the environment "
            + "variable named by --password-env, or else from the first line of standard input; it is stored only as an "
            + "Argon2id hash.")
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The user's name, unique.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin (everything), operator (run and cancel, read), or viewer (read only).")
        String role;

        @Option(names = "--password-env", paramLabel = "VAR", description = "An environment variable holding the password.")
        String passwordEnv;

        @Option(names = "--replace", description = "Set a new password and role for an existing user (their sessions end).")
        boolean replace;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            Role chosen = Role.parse(role).orElse(null);
            if (chosen == null) {
                return usage(err, "--role must be admin, operator or viewer, not '" + role + "'");
            }
            String password = passwordEnv != null ? System.getenv(passwordEnv)
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                return usage(err, passwordEnv != null ? "the environment variable " + passwordEnv + " is not set"
                        : "give the password on standard input (echo \"$PASSWORD\" | ferry user create ...) or name a "
                        + "variable with --password-env");
            }
            try (ServerDatabase database = ServerDatabase.open(state.config())) {
                Sql sql = new Sql(database);
                try {
                    new UserService(sql, Clock.systemUTC()).create(name, chosen, password, replace);
                } catch (IllegalArgumentException e) {
                    return usage(err, e.getMessage());
                }
                if (replace) {
                    new SessionService(sql, Clock.systemUTC()).endAllOf(name, UiSession.Kind.USER);
                }
                new AuditLog(sql, Clock.systemUTC()).record(shell(), replace ? "user.update" : "user.create", name, "ok",
                        "role " + chosen.label());
                err.println("ferry: dashboard user " + name + " (" + chosen.label() + ") " + (replace ? "updated" : "created")
                        + "; sign in at the server's address");
                err.flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "list", description = "Lists the dashboard's users: names, roles and last sign-in.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ServerDatabase database = ServerDatabase.open(state.config())) {
                for (UserService.User user : new UserService(new Sql(database), Clock.systemUTC()).list()) {
                    out.printf("%-24s %-9s created %s  last sign-in %s%n", user.name(), user.role().label(), user.createdAt(),
                            user.lastSignInAt() == null ? "never" : user.lastSignInAt());
                }
                out.flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "delete", description = "Removes a dashboard user and ends their sessions.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The user's name.")
        String name;

        @Override
        public Integer call() {
            try (ServerDatabase database = ServerDatabase.open(state.config())) {
                Sql sql = new Sql(database);
                boolean deleted = new UserService(sql, Clock.systemUTC()).delete(name);
                new SessionService(sql, Clock.systemUTC()).endAllOf(name, UiSession.Kind.USER);
                new AuditLog(sql, Clock.systemUTC()).record(shell(), "user.delete", name, deleted ? "ok" : "refused",
                        deleted ? null : "no such user");
                if (!deleted) {
                    return usage(spec.commandLine().getErr(), "no dashboard user " + name);
                }
                return ExitCode.OK;
            }
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("ferry: " + message);
        err.flush();
        return ExitCode.USAGE;
    }
}

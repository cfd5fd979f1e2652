package dev.ferry.cli;

import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.IssuedToken;
import dev.ferry.server.auth.Role;
import dev.ferry.server.auth.TokenInfo;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "token", description = "Creates, lists and revokes the server's API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Mixin
    HelpOption help;

    /** Who the audit log names for what these commands change: the person at the machine's shell. */
    private static Caller shell() {
        return new Caller("cli:" + System.getProperty("user.name", "unknown"), Role.ADMIN, "local");
    }

    @Command(name = "create", description = "Creates a token and prints it once; only its hash is stored.")
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name for the token, unique.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "admin (everything), operator (run and cancel, read), or viewer (read only).")
        String role;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Role chosen = Role.parse(role).orElse(null);
            if (chosen == null) {
                err.println("ferry: --role must be admin, operator or viewer, not '" + role + "'");
                err.flush();
                return ExitCode.USAGE;
            }
            try (ServerDatabase database = ServerDatabase.open(state.config())) {
                Sql sql = new Sql(database);
                IssuedToken token;
                try {
                    token = new TokenService(sql, Clock.systemUTC()).create(name, chosen);
                } catch (IllegalArgumentException e) {
                    err.println("ferry: " + e.getMessage());
                    err.flush();
                    return ExitCode.USAGE;
                }
                new AuditLog(sql, Clock.systemUTC()).record(shell(), "token.create", name, "ok", "role " + chosen.label());
                out.println(token.value());
                out.flush();
                err.println("ferry: token " + name + " (" + chosen.label() + ") created. It is shown only this once: "
                        + "keep it now. Send it as  Authorization: Bearer <token>");
                err.flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "list", description = "Lists the tokens: names, roles and when last used, never the tokens.")
    static final class ListTokens implements Callable<Integer> {
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
                for (TokenInfo token : new TokenService(new Sql(database), Clock.systemUTC()).list()) {
                    out.printf("%-24s %-9s created %s  last used %s%n", token.name(), token.role().label(),
                            token.createdAt(), token.lastUsedAt() == null ? "never" : token.lastUsedAt());
                }
                out.flush();
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "revoke", description = "Revokes a token at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        public Integer call() {
            try (ServerDatabase database = ServerDatabase.open(state.config())) {
                Sql sql = new Sql(database);
                boolean revoked = new TokenService(sql, Clock.systemUTC()).revoke(name);
                new AuditLog(sql, Clock.systemUTC()).record(shell(), "token.revoke", name, revoked ? "ok" : "refused",
                        revoked ? null : "no such token");
                if (!revoked) {
                    spec.commandLine().getErr().println("ferry: no token named " + name);
                    spec.commandLine().getErr().flush();
                    return ExitCode.USAGE;
                }
                spec.commandLine().getOut().println("token " + name + " revoked");
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            }
        }
    }
}

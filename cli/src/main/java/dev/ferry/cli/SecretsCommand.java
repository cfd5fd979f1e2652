package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.secrets.KeyRotation;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "secrets", description = "Manages the key that encrypts the server's stored secrets.",
        subcommands = {SecretsCommand.RotateKey.class})
final class SecretsCommand {

    @Mixin
    HelpOption help;

    @Command(name = "rotate-key", description = {
            "Adds a new primary key to the keyset of stored secrets and re-encrypts every stored secret with it, "
                    + "in one transaction: a crash leaves every secret readable.",
            "The keyset is $FERRY_SECRETS_KEYSET_FILE, else DIR/secrets.keyset.json. Old keys stay in the keyset "
                    + "(backups and servers that have not yet read the new keyset may need them) unless --drop-old-keys.",
            "With several servers, copy the rotated keyset file to each."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:rotated", "1:nothing changed in the store: a secret could not be decrypted, or the "
                    + "keyset cannot be read or written"})
    static final class RotateKey implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Mixin
        StateOption state;
        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = ".ferry",
                description = "The server's data folder, which holds secrets.keyset.json (default ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--drop-old-keys", description = "Remove the old keys once every stored secret is under the new one.")
        boolean dropOldKeys;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KeysetSource source = KeysetSource.of(System.getenv(), data);
            Caller shell = new Caller("cli:" + System.getProperty("user.name", "unknown"), Role.ADMIN, "local");
            // The state store's own tables (credentials runs saved) are brought up to date first.
            try (StateStore ignored = StateStores.open(state.config());
                 ServerDatabase database = ServerDatabase.open(state.config())) {
                Sql sql = new Sql(database);
                AuditLog audit = new AuditLog(sql, Clock.systemUTC());
                KeyRotation.Result result;
                try {
                    result = KeyRotation.rotate(sql, source, dropOldKeys);
                } catch (FerryException e) {
                    audit.record(shell, "secrets.rotate-key", source.origin(), "failed", e.getMessage());
                    err.println("ferry: " + e.getMessage());
                    err.flush();
                    return ExitCode.FAILED;
                }
                audit.record(shell, "secrets.rotate-key", source.origin(), "ok", "new primary key " + result.newPrimary()
                        + ", " + result.resealed() + " secrets re-encrypted, keys " + result.keys());
                out.println("New primary key " + result.newPrimary() + " in " + source.origin() + "; "
                        + result.resealed() + " stored secrets re-encrypted with it"
                        + (result.skipped() == 0 ? "" : "; " + result.skipped() + " stored anew by a server meanwhile"));
                out.println("The keyset holds keys " + result.keys()
                        + (result.keys().size() > 1 ? "; the old ones still open backups taken before" : ""));
                if (result.keptBecause() != null) {
                    out.println("Old keys kept: " + result.keptBecause());
                }
                out.flush();
                return ExitCode.OK;
            }
        }
    }
}

package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code ferry} command. Exit codes: 0 done, 1 a run or check failed, 2 a usage or
 * configuration error, 3 another run of the pipeline is in progress.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryVersion.class,
        description = "Moves records between databases and keeps them in sync.")
public final class Ferry {

    /**
     * The subcommands, in the order help lists them. Only the one being run is built: picocli
     * inspects every registered command by reflection, which cost a fifth of a short
     * incremental run's time when all of them were.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("run", RunCommand::new);
        commands.put("validate", ValidateCommand::new);
        commands.put("check", CheckCommand::new);
        commands.put("discover", DiscoverCommand::new);
        commands.put("preview", PreviewCommand::new);
        commands.put("quarantine", QuarantineCommand::new);
        commands.put("status", StatusCommand::new);
        commands.put("serve", ServeCommand::new);
        commands.put("token", TokenCommand::new);
        commands.put("user", UserCommand::new);
        commands.put("secrets", SecretsCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(commands);
    }

    public static void main(String[] args) {
        SqliteNativeLibrary.useCacheIn(SqliteNativeLibrary.defaultCacheRoot());
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests and embedding). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors sent to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Ferry());
        boolean knownCommand = args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help");
        SUBCOMMANDS.forEach((name, command) -> {
            if (!knownCommand || name.equals(args[0])) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        return commandLine.execute(args);
    }
}

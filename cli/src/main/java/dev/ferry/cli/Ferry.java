package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code ferry} command. Exit codes: 0 done, 1 a run or check failed, 2 a usage or
 * configuration error.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryVersion.class,
        description = "Moves records between databases and keeps them in sync.",
        subcommands = {RunCommand.class, ValidateCommand.class, CheckCommand.class, DiscoverCommand.class,
                StatusCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Ferry {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests and embedding). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors sent to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Ferry());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        return commandLine.execute(args);
    }
}

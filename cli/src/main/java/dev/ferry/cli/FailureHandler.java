package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.engine.config.loader.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an error that escaped a command into a message and an exit code: configuration errors are
 * usage errors (2), everything else a failure (1). Stack traces only for unexpected errors.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        var err = commandLine.getErr();
        if (e instanceof ConfigException config) {
            err.println(config.getMessage());
            return ExitCode.USAGE;
        }
        if (e instanceof FerryException ferry) {
            err.println("ferry: " + ferry.getMessage());
            return ExitCode.FAILED;
        }
        err.println("ferry: unexpected error: " + e);
        e.printStackTrace(err);
        return ExitCode.FAILED;
    }
}

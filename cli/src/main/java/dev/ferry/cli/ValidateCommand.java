package dev.ferry.cli;

import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.engine.connect.ConnectorRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", description = "Checks a pipeline file without connecting to anything; "
        + "with --connect, also looks at its databases.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--connect", description = "Also connect to the source and destination and look for the tables, "
            + "columns, keys and cursors a run needs. Reads no rows and creates nothing.")
    boolean connect;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try {
            PipelineConfig config = pipeline.load();
            ConnectorRegistry connectors = ConnectorRegistry.load();
            for (ConnectionConfig connection : config.connections().values()) {
                connectors.typeOf(connection);
            }
            if (connect) {
                ConnectedValidation found = ConnectedValidation.of(config, pipeline.file, connectors);
                if (!found.problems().isEmpty()) {
                    report(new ConfigException(found.problems()));
                    // A database that cannot be reached is a failure to look, not a mistake in the file.
                    return found.unreachable() ? ExitCode.FAILED : ExitCode.USAGE;
                }
            }
            if (json) {
                Json.print(out, Map.of("valid", true, "pipeline", config.name(), "streams",
                        config.streams().stream().map(s -> s.name()).toList()));
            } else {
                out.println(pipeline.file + ": pipeline " + config.name() + " is valid, "
                        + config.streams().size() + " stream(s)");
            }
            return ExitCode.OK;
        } catch (ConfigException e) {
            report(e);
            return ExitCode.USAGE;
        } catch (dev.ferry.api.FerryException e) {
            if (json) {
                Json.print(out, Map.of("valid", false, "problems", List.of(Map.of("message", e.getMessage()))));
            } else {
                spec.commandLine().getErr().println(pipeline.file + ": " + e.getMessage());
            }
            return ExitCode.USAGE;
        }
    }

    private void report(ConfigException e) {
        if (json) {
            Json.print(spec.commandLine().getOut(), Map.of("valid", false, "problems", e.problems()));
        } else {
            spec.commandLine().getErr().println(e.getMessage());
        }
    }
}

package dev.ferry.cli;

import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.api.Source;
import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.config.loader.FieldLocator;
import dev.ferry.engine.run.StreamPreflight;
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
        + "with --connect, also checks its streams against the source.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--connect", description = "Also look at the source: tables, columns, keys and cursors that a run "
            + "would need. Reads no rows and creates nothing.")
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
                List<ConfigProblem> problems;
                try (Source source = connectors.openSource(config.sourceConnection())) {
                    problems = StreamPreflight.check(config, source, FieldLocator.of(pipeline.file));
                } catch (ConfigException e) {
                    throw e;
                } catch (dev.ferry.api.FerryException e) {
                    // The file may be fine; the source could not be looked at.
                    spec.commandLine().getErr().println("ferry: " + e.getMessage());
                    return ExitCode.FAILED;
                }
                if (!problems.isEmpty()) {
                    throw new ConfigException(problems);
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
            if (json) {
                Json.print(out, Map.of("valid", false, "problems", e.problems()));
            } else {
                spec.commandLine().getErr().println(e.getMessage());
            }
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
}

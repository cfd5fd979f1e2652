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

@Command(name = "validate", description = "Checks a pipeline file without connecting to anything.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try {
            PipelineConfig config = pipeline.load();
            ConnectorRegistry connectors = ConnectorRegistry.load();
            for (ConnectionConfig connection : config.connections().values()) {
                connectors.typeOf(connection);
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

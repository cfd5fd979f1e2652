package dev.ferry.cli;

import dev.ferry.api.Column;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.engine.connect.ConnectorRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "discover", description = "Lists the tables, views, columns, types and keys of a connection.")
final class DiscoverCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--connection", paramLabel = "NAME", description = "The connection to look at (default: the pipeline's source).")
    String connectionName;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PipelineConfig config = pipeline.load();
        String name = connectionName != null ? connectionName : config.source();
        ConnectionConfig connection = config.connections().get(name);
        if (connection == null) {
            // A mistyped --connection is a usage error, like any other wrong argument: nothing was looked at.
            var err = spec.commandLine().getErr();
            err.println("ferry: no connection named " + name + "; the pipeline has "
                    + String.join(", ", new TreeSet<>(config.connections().keySet())));
            err.flush();
            return ExitCode.USAGE;
        }
        List<DiscoveredStream> streams = new ConnectionProbe(ConnectorRegistry.load()).discover(connection);
        if (json) {
            Json.print(spec.commandLine().getOut(), streams);
        } else {
            print(streams);
        }
        return ExitCode.OK;
    }

    private void print(List<DiscoveredStream> streams) {
        var out = spec.commandLine().getOut();
        for (DiscoveredStream stream : streams) {
            out.println(stream.kind().name().toLowerCase() + " " + stream.object()
                    + (stream.schema().hasKey() ? "  key " + stream.schema().keyColumns() : "  (no key)"));
            for (Column column : stream.schema().columns()) {
                out.printf("  %-32s %s%s%n", column.name(), typeText(column), column.nullable() ? "" : " not null");
            }
        }
        out.flush();
    }

    private static String typeText(Column column) {
        String type = column.type().name().toLowerCase();
        if (column.precision() > 0) {
            return type + "(" + column.precision() + (column.scale() > 0 ? "," + column.scale() : "") + ")";
        }
        return type;
    }
}

package dev.ferry.cli;

import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.engine.connect.ConnectionProbe.Verdict;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", description = "Connects to each connection of a pipeline, and to its state store, and reports each.")
final class CheckCommand implements Callable<Integer> {
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
        PipelineConfig config = pipeline.load();
        ConnectionProbe probe = new ConnectionProbe(ConnectorRegistry.load());
        List<Verdict> verdicts = new ArrayList<>();
        for (ConnectionConfig connection : inReportOrder(config)) {
            boolean isDestination = connection.name().equals(config.destination());
            verdicts.add(probe.check(connection, isDestination ? ConnectionProbe.Role.DESTINATION : ConnectionProbe.Role.SOURCE));
        }
        verdicts.add(ConnectionProbe.probe("state", "state store", () -> {
            // A check looks and creates nothing: a state store that no run has made yet is fine.
            try (StateStore state = StateStores.openIfExists(config.state()).orElse(null)) {
                if (state == null) {
                    return "not created yet: the first run creates it";
                }
                state.recentRuns(config.name(), 1);
                return null;
            }
        }));
        print(verdicts);
        return verdicts.stream().allMatch(Verdict::ok) ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * Source, destination, then any other connections by name: the pipeline's connection map keeps
     * no order, and a report that reshuffles between runs is hard to compare.
     */
    private static List<ConnectionConfig> inReportOrder(PipelineConfig config) {
        Comparator<ConnectionConfig> byRole = Comparator.comparingInt(connection ->
                connection.name().equals(config.source()) ? 0 : connection.name().equals(config.destination()) ? 1 : 2);
        return config.connections().values().stream()
                .sorted(byRole.thenComparing(ConnectionConfig::name))
                .toList();
    }

    private void print(List<Verdict> verdicts) {
        var out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, verdicts);
            return;
        }
        for (Verdict verdict : verdicts) {
            out.printf("%-20s %-12s %s%n", verdict.connection(), verdict.role(),
                    verdict.ok() ? "ok (" + verdict.millis() + " ms" + (verdict.note() == null ? "" : "; " + verdict.note())
                            + ")" : "FAILED: " + verdict.error());
        }
        out.flush();
    }
}

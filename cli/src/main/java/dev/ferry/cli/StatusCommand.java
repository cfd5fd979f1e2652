package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.engine.config.loader.PipelineLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", description = "Shows recent runs: of one pipeline, or of every pipeline in a state store.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PIPELINE.yml", description = "The pipeline (its state store and name).")
    Path file;

    @Option(names = "--state", paramLabel = "JDBC-URL", description = "The state store to read when no pipeline is given (default: ${DEFAULT-VALUE}).",
            defaultValue = StateConfig.DEFAULT_URL)
    String stateUrl;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as JSON.")
    boolean json;

    @Override
    public Integer call() {
        // Status reads only the state store, so the connections' secrets need not be set here.
        PipelineConfig config = file != null ? PipelineLoader.loadForState(file) : null;
        StateConfig stateConfig = config != null ? config.state() : new StateConfig(stateUrl, null, null);
        Optional<StateStore> existing = StateStores.openIfExists(stateConfig);
        if (existing.isEmpty()) {
            if (json) {
                Json.print(spec.commandLine().getOut(), List.of());
            } else {
                spec.commandLine().getOut().println("state store " + stateConfig.shownUrl() + " does not exist yet: no runs");
            }
            return ExitCode.OK;
        }
        try (StateStore state = existing.get()) {
            List<RunRecord> runs = state.recentRuns(config != null ? config.name() : null, limit);
            if (json) {
                Json.print(spec.commandLine().getOut(), runs);
            } else {
                print(runs);
            }
        }
        return ExitCode.OK;
    }

    private static String counts(StreamStats stats) {
        return String.format("%,d read, %,d inserted, %,d updated, %,d unchanged, %,d deleted", stats.read(),
                stats.inserted(), stats.updated(), stats.unchanged(), stats.deleted())
                + (stats.failed() > 0 ? String.format(", %,d quarantined", stats.failed()) : "");
    }

    private void print(List<RunRecord> runs) {
        var out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println("no runs yet");
        }
        for (RunRecord run : runs) {
            String took = run.ended() == null ? "running" : Duration.between(run.started(), run.ended()).toMillis() + " ms";
            StreamStats totals = run.totals();
            out.printf("#%-6d %-24s %-11s %s  %-10s %s%n", run.id(), run.pipeline(),
                    run.status().name().toLowerCase(), TIME.format(run.started()), took, counts(totals));
            for (StreamStats stream : run.streams()) {
                out.printf("          %-22s %s%n", stream.stream(), counts(stream));
            }
            if (run.status() == RunStatus.RUNNING && run.process() != null) {
                out.println("          running in " + run.process());
            }
            if (run.error() != null) {
                // an interrupted run's reason starts with "interrupted: "
                String prefix = run.status() == RunStatus.INTERRUPTED ? "" : "error: ";
                run.error().lines().forEach(line -> out.println("          " + prefix + line));
            }
        }
        out.flush();
    }
}

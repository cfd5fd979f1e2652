package dev.ferry.cli;

import dev.ferry.api.ColumnType;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.quarantine.QuarantineDetailView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "show", description = "Prints one row of the quarantine: its full error and its values column by "
        + "column, as the source gave them.")
final class QuarantineShowCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Parameters(index = "1", paramLabel = "ID", description = "The row's id, as `ferry quarantine list` shows it.")
    long id;

    @Option(names = "--json", description = "Print the row as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PipelineConfig config = PipelineLoader.loadForState(pipeline.file);
        Optional<QuarantineEntry> entry;
        try (StateStore state = StateStores.openIfExists(config.state()).orElse(null)) {
            entry = state == null ? Optional.empty()
                    : state.quarantineEntry(id).filter(found -> found.pipeline().equals(config.name()));
        }
        if (entry.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("ferry: " + QuarantineScope.noEntry(config, id));
            err.flush();
            return ExitCode.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, QuarantineDetailView.of(entry.get()));
        } else {
            print(out, QuarantineDetailView.of(entry.get()));
        }
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, QuarantineDetailView entry) {
        out.println("row " + entry.id() + " of pipeline " + entry.pipeline());
        out.println("  stream  " + entry.stream());
        out.println("  key     " + entry.rowKey());
        out.println("  stage   " + entry.stage().toLowerCase(Locale.ROOT));
        out.println("  run     " + entry.runId());
        out.println("  when    " + QuarantineText.time(entry.quarantinedAt()));
        List<String> error = entry.error().lines().toList();
        out.println("  error   " + (error.isEmpty() ? "" : error.getFirst()));
        error.stream().skip(1).forEach(line -> out.println("          " + line));
        out.println("  row");
        int width = entry.row().stream().mapToInt(column -> column.name().length()).max().orElse(0);
        for (QuarantineDetailView.ColumnValue column : entry.row()) {
            out.printf("    %-" + Math.max(width, 1) + "s  %-12s %s%n", column.name(), column.type().toLowerCase(Locale.ROOT),
                    QuarantineText.value(ColumnType.valueOf(column.type()), column.value()));
        }
        out.flush();
    }
}

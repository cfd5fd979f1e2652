package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.server.quarantine.QuarantineEntryView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "list", description = "Counts the rows in the quarantine per stream, then lists them: id, stream, "
        + "key, stage, run, when, and the error on one line.")
final class QuarantineListCommand implements Callable<Integer> {
    static final int MAX_LIMIT = 10_000;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--stream", paramLabel = "NAME", description = "Only the rows of this stream.")
    String stream;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "How many rows to list (default ${DEFAULT-VALUE}, at most " + MAX_LIMIT + ").")
    int limit;

    @Option(names = "--json", description = "Print the counts and rows as JSON.")
    boolean json;

    /** The answer of {@code --json}: the counts per stream over the whole quarantine, and the rows listed. */
    record Listing(String pipeline, Map<String, Long> counts, long total, List<QuarantineEntryView> entries) {
    }

    @Override
    public Integer call() {
        // Reading the quarantine needs only the state store: the connections' secrets need not be set.
        PipelineConfig config = PipelineLoader.loadForState(pipeline.file);
        PrintWriter err = spec.commandLine().getErr();
        if (limit < 1 || limit > MAX_LIMIT) {
            err.println("ferry: --limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
            err.flush();
            return ExitCode.USAGE;
        }
        Optional<StateStore> existing = StateStores.openIfExists(config.state());
        Map<String, Long> counts = Map.of();
        List<QuarantineEntry> entries = List.of();
        try (StateStore state = existing.orElse(null)) {
            if (state != null) {
                counts = state.quarantineCounts(config.name());
            }
            Optional<String> unknown = QuarantineScope.unknownStream(config, stream, counts.keySet());
            if (unknown.isPresent()) {
                err.println("ferry: " + unknown.get());
                err.flush();
                return ExitCode.USAGE;
            }
            if (state != null) {
                entries = state.quarantined(QuarantineFilter.of(config.name(), stream, limit));
            }
        }
        Listing listing = new Listing(config.name(), counts, counts.values().stream().mapToLong(Long::longValue).sum(),
                entries.stream().map(QuarantineEntryView::of).toList());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, listing);
        } else {
            print(out, listing);
        }
        return ExitCode.OK;
    }

    private void print(PrintWriter out, Listing listing) {
        if (listing.total() == 0) {
            out.println("pipeline " + listing.pipeline() + ": the quarantine is empty");
            out.flush();
            return;
        }
        out.println("pipeline " + listing.pipeline() + ": " + listing.total() + " row(s) in the quarantine");
        listing.counts().forEach((name, count) -> out.printf("  %-24s %,10d%n", name, count));
        long selected = stream == null ? listing.total() : listing.counts().getOrDefault(stream, 0L);
        if (listing.entries().isEmpty()) {
            out.println("stream " + stream + " has no rows in the quarantine");
            out.flush();
            return;
        }
        out.println();
        out.printf("%-8s %-20s %-24s %-12s %-8s %-19s  %s%n", "ID", "STREAM", "KEY", "STAGE", "RUN", "WHEN", "ERROR");
        for (QuarantineEntryView entry : listing.entries()) {
            out.printf("%-8d %-20s %-24s %-12s %-8d %-19s  %s%n", entry.id(), entry.stream(), entry.rowKey(),
                    entry.stage().toLowerCase(Locale.ROOT), entry.runId(), QuarantineText.time(entry.quarantinedAt()),
                    QuarantineText.oneLine(entry.error()));
        }
        if (listing.entries().size() < selected) {
            out.println("(the first " + listing.entries().size() + " of " + selected + "; --limit lists more)");
        }
        out.println("`ferry quarantine show " + pipeline.file + " ID` prints a row with its values and full error");
        out.flush();
    }
}

package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "discard", description = "Removes rows from the quarantine for good, without writing them: "
        + "by id, every row of a stream, or all of the pipeline's.")
final class QuarantineDiscardCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--id", paramLabel = "N", split = ",", description = "These rows (repeat, or separate with commas).")
    List<Long> ids = new ArrayList<>();

    @Option(names = "--stream", paramLabel = "NAME", description = "Every row of this stream.")
    String stream;

    @Option(names = "--all", description = "Every row of the pipeline.")
    boolean all;

    @Override
    public Integer call() {
        PipelineConfig config = PipelineLoader.loadForState(pipeline.file);
        PrintWriter err = spec.commandLine().getErr();
        int chosen = (ids.isEmpty() ? 0 : 1) + (stream == null ? 0 : 1) + (all ? 1 : 0);
        if (chosen != 1) {
            // Discarding loses rows: which ones is never guessed, not even "all" for no option.
            return usage(err, (chosen == 0 ? "say which rows to discard" : "give only one of them")
                    + ": --id N (one or more), --stream NAME or --all; nothing was discarded");
        }
        long discarded;
        try (StateStore state = StateStores.openIfExists(config.state()).orElse(null)) {
            if (state == null) {
                return ids.isEmpty() ? done(config, 0) : usage(err, QuarantineScope.noEntry(config, ids.getFirst()));
            }
            Optional<String> unknown = QuarantineScope.unknownStream(config, stream,
                    state.quarantineCounts(config.name()).keySet());
            if (unknown.isPresent()) {
                return usage(err, unknown.get());
            }
            if (!ids.isEmpty()) {
                // Every id is checked first: a mistyped one discards nothing, not the others without it.
                String problem = QuarantineScope.entries(state, config, ids).problem();
                if (problem != null) {
                    return usage(err, problem);
                }
                discarded = state.discardQuarantined(config.name(), new LinkedHashSet<>(ids));
            } else {
                discarded = state.discardQuarantined(config.name(), stream);
            }
        }
        return done(config, discarded);
    }

    private int done(PipelineConfig config, long discarded) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("discarded " + discarded + " row(s) from the quarantine of pipeline " + config.name()
                + (stream == null ? "" : ", stream " + stream));
        out.flush();
        return ExitCode.OK;
    }

    private static int usage(PrintWriter err, String problem) {
        err.println("ferry: " + problem);
        err.flush();
        return ExitCode.USAGE;
    }
}

package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.QuarantineRetry;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.RunStatus;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "retry", description = "Runs rows of the quarantine again, through the stream's transforms of now, "
        + "into the destination: a row written or now left out by a filter leaves the quarantine, a row refused "
        + "again stays with its new error. A run of its own in the history; checkpoints are not touched.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the retry run succeeded (rows refused again stay in the quarantine)",
                "1:the retry run failed or was stopped",
                "2:usage or configuration error, an unknown stream or id; nothing was retried",
                "3:another run of this pipeline is in progress; nothing was retried"})
final class QuarantineRetryCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--stream", paramLabel = "NAME", description = "Retry only the rows of this stream.")
    String stream;

    @Option(names = "--id", paramLabel = "N", split = ",",
            description = "Retry only these rows (repeat, or separate with commas).")
    List<Long> ids = new ArrayList<>();

    @Option(names = "--json", description = "Print the retry's result as JSON instead of a progress display.")
    boolean json;

    /**
     * What a retry did. {@code retried} rows were in the quarantine before; {@code left} of them left it
     * (written, or left out by a filter); {@code stayed} are still there, with the error of this retry.
     */
    record RetryReport(RunReport run, long retried, long left, long stayed) {
    }

    @Override
    public Integer call() {
        PipelineConfig config = pipeline.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> unknown = QuarantineScope.unknownStream(config, stream, List.of());
        if (unknown.isPresent()) {
            return usage(err, unknown.get());
        }
        Set<Long> chosenIds = new LinkedHashSet<>(ids);
        try (StateStore state = StateStores.open(config.state())) {
            QuarantineScope.Lookup lookup = QuarantineScope.entries(state, config, chosenIds);
            if (lookup.problem() != null) {
                return usage(err, lookup.problem());
            }
            Optional<String> mismatch = streamMismatch(config, lookup.entries());
            if (mismatch.isPresent()) {
                return usage(err, mismatch.get());
            }
            long before = inScope(state, config, chosenIds);
            if (before == 0) {
                out.println("pipeline " + config.name() + ": no rows " + (stream == null ? "" : "of stream " + stream + " ")
                        + "in the quarantine; nothing to retry");
                out.flush();
                return ExitCode.OK;
            }
            RunControl control = new RunControl();
            StopSignals.install(control, () -> err.println("ferry: stopping after the current batch..."));
            ProgressDisplay display = json ? ProgressDisplay.quiet(err) : ProgressDisplay.forTerminal(err);
            RunResult result = new QuarantineRetry(ConnectorRegistry.load(), state)
                    .retry(config, stream, chosenIds, control, display);
            long after = inScope(state, config, chosenIds);
            report(out, new RetryReport(RunReport.of(result), before, before - after, after));
            return result.status() == RunStatus.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
        } catch (PipelineBusyException busy) {
            err.println("ferry: " + busy.getMessage() + "; nothing was retried");
            err.flush();
            return ExitCode.BUSY;
        }
    }

    /** With both --stream and --id, every id must be a row of that stream, or the retry would skip it silently. */
    private Optional<String> streamMismatch(PipelineConfig config, List<QuarantineEntry> entries) {
        for (QuarantineEntry entry : entries) {
            if (stream != null && !entry.stream().equals(stream)) {
                return Optional.of("quarantined row " + entry.id() + " is of stream " + entry.stream() + ", not " + stream);
            }
            if (config.selectStreams(entry.stream()).isEmpty()) {
                return Optional.of("quarantined row " + entry.id() + " is of stream " + entry.stream() + ", which "
                        + config.file() + " no longer has: it cannot be retried (`ferry quarantine discard` removes it)");
            }
        }
        return Optional.empty();
    }

    /**
     * How many rows the retry is about: the ids given, else those of the stream or of every stream of the
     * file (rows of a stream the file no longer has cannot be retried, only discarded).
     */
    private long inScope(StateStore state, PipelineConfig config, Set<Long> chosenIds) {
        if (!chosenIds.isEmpty()) {
            return chosenIds.stream().filter(id -> state.quarantineEntry(id).isPresent()).count();
        }
        Map<String, Long> counts = state.quarantineCounts(config.name());
        return counts.entrySet().stream()
                .filter(count -> stream == null ? !config.selectStreams(count.getKey()).isEmpty() : count.getKey().equals(stream))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private void report(PrintWriter out, RetryReport report) {
        if (json) {
            Json.print(out, report);
            return;
        }
        out.println(report.run().summary());
        out.printf("quarantine: %,d row(s) retried, %,d written, %,d left the quarantine, %,d stayed%n",
                report.retried(), report.run().written(), report.left(), report.stayed());
        out.flush();
    }

    private static int usage(PrintWriter err, String problem) {
        err.println("ferry: " + problem);
        err.flush();
        return ExitCode.USAGE;
    }
}

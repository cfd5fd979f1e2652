package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.PipelineRunner;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunOptions;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Runs a pipeline: once, or again and again with --every.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--stream", paramLabel = "NAME", description = "Run only this stream.")
    String stream;

    @Option(names = "--full-refresh", description = "Forget stored checkpoints and hashes: read every stream from the beginning.")
    boolean fullRefresh;

    @Option(names = "--reconcile-deletes", description = "Scan the source's keys of incremental streams that have "
            + "deletes, and remove the rows missing there, whatever their reconcile_every (for a schedule of its own).")
    boolean reconcileDeletes;

    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run again this long after each run starts (e.g. 30s, 5m, 1h) until SIGTERM or Ctrl+C.")
    Duration every;

    @Option(names = "--json", description = "Print each run's result as JSON instead of a progress display.")
    boolean json;

    @Override
    public Integer call() {
        PipelineConfig config = pipeline.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (stream != null && config.selectStreams(stream).isEmpty()) {
            // A mistyped --stream is a usage error: report it before any state is opened or run recorded.
            err.println("ferry: pipeline " + config.name() + " has no stream named " + stream + "; its streams are "
                    + String.join(", ", config.streams().stream().map(StreamConfig::name).toList()));
            err.flush();
            return ExitCode.USAGE;
        }
        RunControl control = new RunControl();
        StopSignals.install(control, () -> err.println("ferry: stopping after the current batch..."));
        ProgressDisplay display = json ? ProgressDisplay.quiet(err) : ProgressDisplay.forTerminal(err);
        try (StateStore state = StateStores.open(config.state())) {
            PipelineRunner runner = new PipelineRunner(ConnectorRegistry.load(), state, RetryPolicy.DEFAULT);
            boolean firstRun = true;
            int exitCode;
            do {
                long started = System.nanoTime();
                RunOptions options = new RunOptions(stream, fullRefresh && firstRun, every == null ? "cli" : "every",
                        reconcileDeletes);
                RunResult result = runner.run(config, options, control, display);
                firstRun = false;
                report(result, out);
                exitCode = result.status() == RunStatus.FAILED ? ExitCode.FAILED : ExitCode.OK;
                if (every != null && !control.isStopRequested()) {
                    waitUntilNext(started, control);
                }
            } while (every != null && !control.isStopRequested());
            return every != null ? ExitCode.OK : exitCode;
        }
    }

    private void report(RunResult result, PrintWriter out) {
        if (json) {
            Json.print(out, RunReport.of(result));
        } else {
            out.println(RunReport.of(result).summary());
            out.flush();
        }
    }

    private void waitUntilNext(long startedNanos, RunControl control) {
        long deadline = startedNanos + every.toNanos();
        while (!control.isStopRequested() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

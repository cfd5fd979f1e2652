package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.PipelineRunner;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.engine.run.RunControl;
import dev.ferry.engine.run.RunOptions;
import dev.ferry.engine.run.RunResult;
import dev.ferry.engine.state.PipelineBusyException;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Runs a pipeline: once, or again and again with --every.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also when stopped by SIGTERM or Ctrl+C after committing)",
                "1:a run failed (with --every: the last run that ended by itself)",
                "2:usage or configuration error; nothing was run",
                "3:another run of this pipeline is in progress; nothing was run (see --wait)",
                "130:a second Ctrl+C stopped at once; what was committed stays"})
final class RunCommand implements Callable<Integer> {
    /** How often a run waiting for another run of its pipeline tries the lock again. */
    private static final Duration LOCK_POLL = Duration.ofMillis(500);

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
            description = "Run again this long after each run starts (e.g. 30s, 5m, 1h) until SIGTERM or Ctrl+C; "
                    + "after failed runs in a row the wait doubles with each one, up to ten intervals but at most 15 minutes.")
    Duration every;

    @Option(names = "--wait", description = "When another run of this pipeline is in progress, wait for it to end "
            + "instead of exiting with code 3 (runs with --every always wait).")
    boolean waitForOtherRun;

    @Option(names = "--json", description = "Print each run's result as JSON instead of a progress display.")
    boolean json;

    @Override
    public Integer call() {
        PipelineConfig config = pipeline.load();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (stream != null && config.selectStreams(stream).isEmpty()) {
            // A mistyped --stream is a usage error: report it before any state is opened or run recorded.
            err.println("ferry: " + UnknownStream.message(config, stream));
            err.flush();
            return ExitCode.USAGE;
        }
        RunControl control = new RunControl();
        StopSignals.install(control, () -> err.println("ferry: stopping after the current batch..."));
        ProgressDisplay display = json ? ProgressDisplay.quiet(err) : ProgressDisplay.forTerminal(err);
        try (StateStore state = StateStores.open(config.state())) {
            // Credentials connectors renew (rotated refresh tokens) are sealed with the keyset of stored secrets:
            // $FERRY_SECRETS_KEYSET(_FILE), else .ferry/secrets.keyset.json beside the pipeline file, made at first use.
            Path dataFolder = pipeline.file.toAbsolutePath().getParent().resolve(".ferry");
            PipelineRunner runner = new PipelineRunner(ConnectorRegistry.load(), state, RetryPolicy.DEFAULT,
                    () -> SecretKeys.open(KeysetSource.of(System.getenv(), dataFolder), List::of));
            EverySchedule schedule = every == null ? null : new EverySchedule(every);
            boolean firstRun = true;
            int failuresInARow = 0;
            // The exit code follows the last run that ended by itself: a run stopped by SIGTERM says
            // nothing about whether the pipeline works.
            RunStatus lastOutcome = null;
            do {
                long started = System.nanoTime();
                RunOptions options = new RunOptions(stream, fullRefresh && firstRun, every == null ? "cli" : "every",
                        reconcileDeletes);
                RunResult result = runWhenFree(runner, config, options, control, display);
                if (result == null) {
                    break;
                }
                firstRun = false;
                report(result, out);
                if (result.status() == RunStatus.FAILED || result.status() == RunStatus.SUCCEEDED) {
                    lastOutcome = result.status();
                }
                if (schedule != null && !control.isStopRequested()) {
                    int failedBefore = failuresInARow;
                    failuresInARow = result.status() == RunStatus.FAILED ? failuresInARow + 1 : 0;
                    Duration wait = schedule.waitAfter(failuresInARow);
                    if (failuresInARow > 0) {
                        announce(state, display, result.runId(), "WARN", backoffMessage(result, failuresInARow, wait, schedule));
                    } else if (failedBefore > 0) {
                        announce(state, display, result.runId(), "INFO", "run " + result.runId() + " "
                                + result.status().name().toLowerCase() + " after " + failedBefore
                                + " failed run(s): back to a run every " + EverySchedule.describe(wait));
                    }
                    waitUntilNext(started, wait, control);
                }
            } while (every != null && !control.isStopRequested());
            if (firstRun) {
                return ExitCode.BUSY; // stopped while waiting for another run: nothing was run
            }
            return lastOutcome == RunStatus.FAILED ? ExitCode.FAILED : ExitCode.OK;
        } catch (PipelineBusyException busy) {
            err.println("ferry: " + busy.getMessage() + "; nothing was run (use --wait to wait for it to end)");
            err.flush();
            return ExitCode.BUSY;
        }
    }

    /**
     * Runs once; while another run of the pipeline holds its lock, waits for it when asked (or when
     * scheduled), else lets the refusal through. Null when a stop was requested while waiting.
     */
    private RunResult runWhenFree(PipelineRunner runner, PipelineConfig config, RunOptions options, RunControl control,
                                  ProgressDisplay display) {
        boolean announced = false;
        while (true) {
            try {
                return runner.run(config, options, control, display);
            } catch (PipelineBusyException busy) {
                if (!waitForOtherRun && every == null) {
                    throw busy;
                }
                if (!announced) {
                    display.log("INFO", null, busy.getMessage() + "; waiting for it to end");
                    announced = true;
                }
                waitUntilNext(System.nanoTime(), LOCK_POLL, control);
                if (control.isStopRequested() || Thread.currentThread().isInterrupted()) {
                    return null;
                }
            }
        }
    }

    private static String backoffMessage(RunResult result, int failuresInARow, Duration wait, EverySchedule schedule) {
        String failures = failuresInARow == 1 ? "failed" : "failed, " + failuresInARow + " runs in a row";
        return "run " + result.runId() + " " + failures + ": next run " + EverySchedule.describe(wait)
                + " after this one started, not " + EverySchedule.describe(schedule.interval())
                + " (the wait doubles after each failed run, up to " + EverySchedule.describe(schedule.longestWait())
                + ", and is back to " + EverySchedule.describe(schedule.interval()) + " after a run succeeds)";
    }

    /** A line for the person watching and for the run's log in the state store, where `status` finds it. */
    private static void announce(StateStore state, ProgressDisplay display, long runId, String level, String message) {
        display.log(level, null, message);
        state.log(runId, level, null, message);
    }

    private void report(RunResult result, PrintWriter out) {
        if (json) {
            Json.print(out, RunReport.of(result));
        } else {
            out.println(RunReport.of(result).summary());
            out.flush();
        }
    }

    private static void waitUntilNext(long startedNanos, Duration wait, RunControl control) {
        long deadline = startedNanos + wait.toNanos();
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

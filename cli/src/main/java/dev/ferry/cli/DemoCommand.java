package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Ferry's main job on its embedded defaults: generates a sample shop in one SQLite database, syncs
 * it into another, changes some rows, syncs again, and shows that both sides hold the same data.
 * Needs no server.
 */
@Command(name = "demo", description = "Syncs generated sample data between two SQLite databases and shows the result.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "ferry-demo", description = "Folder for the demo's databases and pipeline (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--rows", defaultValue = "200000", description = "Number of sample orders (default: ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        resetDirectory();
        SampleShop shop = new SampleShop(dir.resolve("shop.db"));
        out.printf("Generating a sample shop in %s: %,d customers, %,d orders...%n", dir.resolve("shop.db"), rows / 20, rows);
        out.flush();
        shop.create(rows / 20, rows);
        Path pipelineFile = dir.resolve("pipeline.yml");
        Files.writeString(pipelineFile, SampleShop.PIPELINE_YAML);
        PipelineConfig pipeline = PipelineLoader.load(pipelineFile);
        out.println("Pipeline " + pipelineFile + ", state in " + pipeline.state().shownUrl());

        RunControl control = new RunControl();
        StopSignals.install(control, () -> err.println("ferry: stopping after the current batch..."));
        try (StateStore state = StateStores.open(pipeline.state())) {
            PipelineRunner runner = new PipelineRunner(ConnectorRegistry.load(), state, RetryPolicy.DEFAULT);
            ProgressDisplay display = ProgressDisplay.forTerminal(err);

            out.println(System.lineSeparator() + "1. First sync: every row is copied.");
            RunResult first = runner.run(pipeline, RunOptions.all("demo"), control, display);
            out.println(RunReport.of(first).summary());
            if (first.status() != RunStatus.SUCCEEDED) {
                return ExitCode.FAILED;
            }

            SampleShop.Changes changed = shop.changeSomeRows();
            out.printf("%n2. Changed %,d orders and %,d customers in the source; second sync moves only those.%n",
                    changed.orders(), changed.customers());
            RunResult second = runner.run(pipeline, RunOptions.all("demo"), control, display);
            out.println(RunReport.of(second).summary());
            if (second.status() != RunStatus.SUCCEEDED) {
                return ExitCode.FAILED;
            }
        }
        out.println(System.lineSeparator() + "3. Source and destination compared, every column of every row:");
        boolean same = shop.printComparison(dir.resolve("warehouse.db"), out);
        out.println(same ? "Both sides hold the same data." : "MISMATCH between source and destination.");
        out.println("Try: " + Launcher.command() + " status " + pipelineFile + "   and   sqlite3 " + dir.resolve("warehouse.db") + " 'select * from orders limit 5'");
        out.flush();
        return same ? ExitCode.OK : ExitCode.FAILED;
    }

    private void resetDirectory() throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"shop.db", "warehouse.db", "state.db", "pipeline.yml"}) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(dir.resolve(name + suffix));
            }
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}

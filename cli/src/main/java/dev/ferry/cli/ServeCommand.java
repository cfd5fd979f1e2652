package dev.ferry.cli;

import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.notify.NotifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Runs the Ferry server: the REST API, schedules and triggers, until SIGTERM or Ctrl+C.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl+C after running runs committed",
                "2:usage or configuration error; the server did not start"})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    StateOption state;

    @Option(names = "--pipelines", paramLabel = "DIR", description = "A folder of pipeline YAML files, reloaded when they change.")
    Path pipelines;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".ferry",
            description = "Where the server keeps its files, such as the key of stored secrets (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--logs", paramLabel = "DIR", description = "Also write each pipeline's run logs to DIR/<pipeline>.log.")
    Path logs;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a stop waits for running runs to commit (default ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "60",
            description = "Requests each API token may make per minute, on average (default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "10",
            description = "Requests each API token may make at once, above the average (default ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "1MiB", converter = ByteSizeConverter.class,
            description = "The largest request body accepted, in bytes or as 512KiB, 1MiB (default ${DEFAULT-VALUE}).")
    long maxBody;

    @Mixin
    NotifyServeOptions notifyOptions;

    @Override
    public Integer call() throws InterruptedException {
        if (pipelines != null && !Files.isDirectory(pipelines)) {
            System.err.println("ferry: --pipelines " + pipelines + " is not a folder");
            return ExitCode.USAGE;
        }
        if (rateLimit < 1 || rateBurst < 1) {
            System.err.println("ferry: --rate-limit and --rate-burst must be at least 1");
            return ExitCode.USAGE;
        }
        if (maxBody < 1024) {
            System.err.println("ferry: --max-body must be at least 1KiB, not " + maxBody + " bytes");
            return ExitCode.USAGE;
        }
        NotifyOptions notifications;
        try {
            notifications = notifyOptions.options(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ferry: " + e.getMessage());
            return ExitCode.USAGE;
        }
        ServerSettings settings = ServerSettings.defaults().withBind(bind).withPort(port).withPipelinesFolder(pipelines)
                .withState(state.config()).withDataFolder(data).withLogsFolder(logs).withShutdownTimeout(shutdownTimeout)
                .withRateLimit(new ServerSettings.RateLimit(rateLimit, rateBurst)).withMaxBodyBytes(maxBody)
                .withNotifications(notifications);
        FerryServer server = FerryServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.inBackground(() -> {
            server.close();
            stopped.countDown();
        });
        stopped.await();
        return ExitCode.OK;
    }
}

package dev.ferry.server;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.notify.NotifyOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a server is set up. Build one from {@link #defaults()} and the {@code with...} methods.
 *
 * @param bind            the address to listen on; 127.0.0.1 by default, so nothing outside the
 *                        machine reaches it until asked
 * @param port            the port; 0 picks a free one
 * @param pipelinesFolder the folder of pipeline YAML files; null for none
 * @param state           the state store every run and every node shares
 * @param dataFolder      where the server keeps its files (the secrets keyset, logs by default)
 * @param logsFolder      where one log file per pipeline is written; null for none
 * @param maxBodyBytes    the largest request body accepted
 * @param shutdownTimeout how long a stop waits for runs to reach a batch boundary and commit
 * @param rateLimit       requests each token may make
 * @param environment     what {@code ${env:NAME}} reads
 * @param clock           the time, fixed in tests
 * @param notifications   the mail server and public URL given at start for notices
 */
public record ServerSettings(String bind, int port, Path pipelinesFolder, StateConfig state, Path dataFolder,
                             Path logsFolder, long maxBodyBytes, Duration shutdownTimeout, RateLimit rateLimit,
                             Map<String, String> environment, Clock clock, NotifyOptions notifications) {

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public ServerSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(notifications, "notifications");
        environment = Map.copyOf(environment);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body size limit must be at least 1024 bytes, not " + maxBodyBytes);
        }
    }

    /** Port 8080 on 127.0.0.1, the embedded SQLite store, data under {@code .ferry}. */
    public static ServerSettings defaults() {
        return new ServerSettings("127.0.0.1", DEFAULT_PORT, null, StateConfig.embeddedDefault(), Path.of(".ferry"), null,
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30), RateLimit.DEFAULT, System.getenv(), Clock.systemUTC(),
                NotifyOptions.NONE);
    }

    public ServerSettings withBind(String value) {
        return with(copy -> copy.bind = value);
    }

    public ServerSettings withPort(int value) {
        return with(copy -> copy.port = value);
    }

    public ServerSettings withPipelinesFolder(Path value) {
        return with(copy -> copy.pipelinesFolder = value);
    }

    public ServerSettings withState(StateConfig value) {
        return with(copy -> copy.state = value);
    }

    public ServerSettings withDataFolder(Path value) {
        return with(copy -> copy.dataFolder = value);
    }

    public ServerSettings withLogsFolder(Path value) {
        return with(copy -> copy.logsFolder = value);
    }

    public ServerSettings withMaxBodyBytes(long value) {
        return with(copy -> copy.maxBodyBytes = value);
    }

    public ServerSettings withShutdownTimeout(Duration value) {
        return with(copy -> copy.shutdownTimeout = value);
    }

    public ServerSettings withRateLimit(RateLimit value) {
        return with(copy -> copy.rateLimit = value);
    }

    public ServerSettings withEnvironment(Map<String, String> value) {
        return with(copy -> copy.environment = value);
    }

    public ServerSettings withClock(Clock value) {
        return with(copy -> copy.clock = value);
    }

    public ServerSettings withNotifications(NotifyOptions value) {
        return with(copy -> copy.notifications = value);
    }

    /** These settings with what {@code change} sets on a copy of them; checked again as a whole. */
    private ServerSettings with(java.util.function.Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** The components of a settings value while one of them is replaced. */
    private static final class Copy {
        String bind;
        int port;
        Path pipelinesFolder;
        StateConfig state;
        Path dataFolder;
        Path logsFolder;
        long maxBodyBytes;
        Duration shutdownTimeout;
        RateLimit rateLimit;
        Map<String, String> environment;
        Clock clock;
        NotifyOptions notifications;

        Copy(ServerSettings from) {
            bind = from.bind;
            port = from.port;
            pipelinesFolder = from.pipelinesFolder;
            state = from.state;
            dataFolder = from.dataFolder;
            logsFolder = from.logsFolder;
            maxBodyBytes = from.maxBodyBytes;
            shutdownTimeout = from.shutdownTimeout;
            rateLimit = from.rateLimit;
            environment = from.environment;
            clock = from.clock;
            notifications = from.notifications;
        }

        ServerSettings settings() {
            return new ServerSettings(bind, port, pipelinesFolder, state, dataFolder, logsFolder, maxBodyBytes,
                    shutdownTimeout, rateLimit, environment, clock, notifications);
        }
    }

    /**
     * Requests each token may make: {@code perMinute} on average, up to {@code burst} at once.
     */
    public record RateLimit(int perMinute, int burst) {
        public static final RateLimit DEFAULT = new RateLimit(60, 10);

        public RateLimit {
            if (perMinute < 1 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs at least 1 request per minute and a burst of at least 1");
            }
        }
    }
}

package dev.ferry.server;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.auth.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real server on a free port for one test: its own SQLite state store and pipelines folder in a
 * temporary folder, and one token of each role.
 */
public final class TestServer implements AutoCloseable {
    private final FerryServer server;
    private final Path folder;
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    private TestServer(FerryServer server, Path folder) {
        this.server = server;
        this.folder = folder;
        for (Role role : Role.values()) {
            server.parts().tokens().revoke("test-" + role.label()); // a restart on the same folder issues fresh ones
            tokens.put(role, server.parts().tokens().create("test-" + role.label(), role).value());
        }
    }

    /** A server on {@code folder}: state in {@code folder/state.db}, pipelines in {@code folder/pipelines}. */
    public static TestServer start(Path folder) {
        return start(folder, settings -> settings);
    }

    public static TestServer start(Path folder, UnaryOperator<ServerSettings> customise) {
        Path pipelines = folder.resolve("pipelines");
        try {
            Files.createDirectories(pipelines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSettings settings = ServerSettings.defaults().withPort(0).withPipelinesFolder(pipelines)
                .withDataFolder(folder.resolve("data"))
                // Tests poll the API quickly; only the tests of the rate limit itself set a real one.
                .withRateLimit(new ServerSettings.RateLimit(1_000_000, 100_000))
                .withState(new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null));
        return new TestServer(FerryServer.start(customise.apply(settings)), folder);
    }

    public FerryServer server() {
        return server;
    }

    public Path folder() {
        return folder;
    }

    public Path pipelinesFolder() {
        return server.parts().pipelines().folder();
    }

    public String token(Role role) {
        return tokens.get(role);
    }

    /** A client that sends the token of {@code role}. */
    public ApiClient as(Role role) {
        return new ApiClient(server.url(), tokens.get(role));
    }

    /** A client that sends no token. */
    public ApiClient anonymous() {
        return new ApiClient(server.url(), null);
    }

    @Override
    public void close() {
        server.close();
    }
}

package dev.ferry.engine.state;

import dev.ferry.api.FerryException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Supplier;

/** The engines a state store can live in, and what differs between them. */
enum StateDatabase {
    SQLITE("sqlite") {
        @Override
        void prepare(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                // WAL lets `ferry status` read while a run writes. NORMAL may lose the last commits
                // on power loss, never on a process crash; a lost checkpoint only replays rows,
                // which upserts absorb.
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("PRAGMA foreign_keys=ON");
            }
        }

        @Override
        PipelineLocks locks(String url, Supplier<Connection> connect) {
            return file(url).<PipelineLocks>map(database -> new FilePipelineLocks(FilePipelineLocks.besideDatabase(database)))
                    .orElseGet(InProcessPipelineLocks::new);
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        void prepare(Connection connection) {
        }

        @Override
        PipelineLocks locks(String url, Supplier<Connection> connect) {
            return new AdvisoryPipelineLocks(connect, StateStores.safeUrl(url));
        }
    };

    private final String migrationFolder;

    StateDatabase(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    static StateDatabase of(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new FerryException("State store URL must start with jdbc:sqlite: or jdbc:postgresql:, got "
                + url.split("[?;]", 2)[0]);
    }

    String migrationLocation() {
        return "classpath:dev/ferry/engine/state/migration/" + migrationFolder;
    }

    /** Session settings applied to every connection the store opens. */
    abstract void prepare(Connection connection) throws SQLException;

    /** The run locks of the store at {@code url}; {@code connect} opens another connection to it. */
    abstract PipelineLocks locks(String url, Supplier<Connection> connect);

    /** The database file of a SQLite URL; empty for an in-memory database. */
    static Optional<Path> file(String url) {
        String path = url.substring("jdbc:sqlite:".length()).split("\\?", 2)[0];
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.contains(":memory:") || url.contains("mode=memory")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(path));
    }
}

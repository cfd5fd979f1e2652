package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Destination;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.testkit.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Real databases for the tests: a fresh PostgreSQL database, or a SQLite file in a temporary directory. */
final class TestDatabases {
    static final JdbcConnectorFactory FACTORY = new JdbcConnectorFactory();

    private TestDatabases() {
    }

    static ConnectionSpec postgres() {
        return JdbcConnectorFactory.connection("pg", TestPostgres.freshDatabase("jdbc"));
    }

    static ConnectionSpec sqlite(Path directory, String name) {
        return JdbcConnectorFactory.connection("lite", "jdbc:sqlite:" + directory.resolve(name + ".db"));
    }

    static ConnectionSpec mariadb() {
        return JdbcConnectorFactory.connection("maria", dev.ferry.testkit.TestMariaDb.freshDatabase("jdbc"));
    }

    static ConnectionSpec of(String kind, Path directory, String name) {
        return switch (kind) {
            case "postgresql" -> postgres();
            case "mariadb" -> mariadb();
            case "sqlite" -> sqlite(directory, name);
            default -> throw new IllegalArgumentException("unknown test database kind " + kind);
        };
    }

    static void execute(ConnectionSpec spec, String... statements) {
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ChangeRecord> readAll(ConnectionSpec spec, String table) {
        return readAll(spec, request(StreamRef.ofObject(table, table), 1000));
    }

    static ReadRequest request(StreamRef stream, int batchSize) {
        return new ReadRequest(stream, List.of(), null, null, Lookback.NONE, batchSize);
    }

    static List<ChangeRecord> readAll(ConnectionSpec spec, ReadRequest request) {
        return batches(spec, request).stream().flatMap(batch -> batch.records().stream()).toList();
    }

    static List<RecordBatch> batches(ConnectionSpec spec, ReadRequest request) {
        try (Source source = FACTORY.openSource(spec); StreamReader reader = source.open(request)) {
            List<RecordBatch> batches = new ArrayList<>();
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                batches.add(batch);
            }
            return batches;
        }
    }

    static StreamSchema schemaOf(ConnectionSpec spec, String table) {
        try (Source source = FACTORY.openSource(spec)) {
            return source.describe(StreamRef.ofObject(table, table), List.of());
        }
    }

    static void write(ConnectionSpec spec, String table, StreamSchema schema, WriteMode mode, List<ChangeRecord> records) {
        try (Destination destination = FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest(table, schema, mode))) {
            writer.write(new RecordBatch(records, null));
            writer.commit();
        }
    }
}

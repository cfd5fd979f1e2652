package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteRequest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector for testing how a run orders and overlaps its streams against a real PostgreSQL
 * database. The source makes {@code rowsPerTable} rows {@code (id, payload)} for each table it is
 * asked for. The destination writes each stream into its table over a JDBC connection of its own per
 * opened destination; every row written and every commit draws a number from one database sequence,
 * {@code write_order}, so the database itself records what happened before what. Each commit is
 * logged in {@code commit_log} after the transaction committed.
 *
 * <p>Thread-safe, as streams running in parallel use it at once.
 */
final class PostgresTablesConnector implements ConnectorFactory {
    static final String TYPE = "pgtables";

    private final String jdbcUrl;
    private final int rowsPerTable;
    /** Tables whose reads fail. */
    final Set<String> failingTables = ConcurrentHashMap.newKeySet();
    /** When set, each reader waits here for another one before reading: only streams running at once pass. */
    volatile CyclicBarrier meetAtStart;
    volatile long meetTimeoutMillis = 30_000;
    final AtomicInteger sourcesOpened = new AtomicInteger();
    final AtomicInteger sourcesClosed = new AtomicInteger();
    final AtomicInteger destinationsOpened = new AtomicInteger();
    final AtomicInteger destinationsClosed = new AtomicInteger();
    /** The PostgreSQL backend process each stream's destination wrote through: one per connection. */
    final Map<String, Integer> backendOfTable = new ConcurrentHashMap<>();
    private final AtomicInteger readingNow = new AtomicInteger();
    /** The most readers open at the same moment. */
    final AtomicInteger mostReadingAtOnce = new AtomicInteger();

    PostgresTablesConnector(String jdbcUrl, int rowsPerTable) {
        this.jdbcUrl = jdbcUrl;
        this.rowsPerTable = rowsPerTable;
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SEQUENCE write_order");
            statement.execute("CREATE TABLE commit_log (stream text NOT NULL, seq bigint NOT NULL DEFAULT nextval('write_order'))");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static StreamSchema schema(String table) {
        return new StreamSchema(table, List.of(new Column("id", ColumnType.BIGINT, false, 0, 0),
                Column.of("payload", ColumnType.TEXT)), List.of("id"));
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public String typeForUrl(String url) {
        return url.startsWith(TYPE + ":") ? TYPE : null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        sourcesOpened.incrementAndGet();
        return new Source() {
            @Override
            public void check() {
            }

            @Override
            public List<DiscoveredStream> discover() {
                return List.of();
            }

            @Override
            public StreamSchema describe(StreamRef stream, List<String> columns) {
                return schema(stream.object());
            }

            @Override
            public StreamReader open(ReadRequest request) {
                return reader(request);
            }

            @Override
            public void close() {
                sourcesClosed.incrementAndGet();
            }
        };
    }

    private StreamReader reader(ReadRequest request) {
        String table = request.stream().object();
        mostReadingAtOnce.accumulateAndGet(readingNow.incrementAndGet(), Math::max);
        return new StreamReader() {
            private int next = 1;
            private boolean met;

            @Override
            public StreamSchema schema() {
                return PostgresTablesConnector.schema(table);
            }

            @Override
            public RecordBatch next() {
                if (!met) {
                    met = true;
                    meet(table);
                }
                if (failingTables.contains(table)) {
                    throw new FerryException("source broke reading " + table);
                }
                List<ChangeRecord> records = new ArrayList<>();
                while (next <= rowsPerTable && records.size() < request.batchSize()) {
                    records.add(ChangeRecord.upsert(new Object[] {(long) next, table + " " + next}));
                    next++;
                }
                return records.isEmpty() ? null : new RecordBatch(records, null);
            }

            @Override
            public void cancel() {
            }

            @Override
            public void close() {
                readingNow.decrementAndGet();
            }
        };
    }

    private void meet(String table) {
        CyclicBarrier barrier = meetAtStart;
        if (barrier == null) {
            return;
        }
        try {
            barrier.await(meetTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new FerryException("no other stream was reading while " + table + " waited", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("interrupted", e);
        }
    }

    @Override
    public Destination openDestination(ConnectionSpec spec) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new FerryException("cannot connect", e);
        }
        destinationsOpened.incrementAndGet();
        return new Destination() {
            @Override
            public void check() {
            }

            @Override
            public StreamWriter open(WriteRequest request) {
                return writer(connection, request.table());
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw new FerryException("cannot close", e);
                }
                destinationsClosed.incrementAndGet();
            }
        };
    }

    private StreamWriter writer(Connection connection, String table) {
        try (Statement statement = connection.createStatement();
             ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            backendOfTable.put(table, pid.getInt(1));
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id bigint PRIMARY KEY, payload text, "
                    + "seq bigint NOT NULL DEFAULT nextval('write_order'))");
            connection.commit();
        } catch (SQLException e) {
            throw new FerryException("cannot prepare " + table, e);
        }
        return new StreamWriter() {
            private long staged;

            @Override
            public void write(RecordBatch batch) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (id, payload) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, "
                        + "seq = nextval('write_order')")) {
                    for (ChangeRecord record : batch.records()) {
                        insert.setLong(1, (Long) record.values()[0]);
                        insert.setString(2, (String) record.values()[1]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    staged += batch.records().size();
                } catch (SQLException e) {
                    throw new FerryException("cannot write " + table, e);
                }
            }

            @Override
            public WriteCounts commit() {
                try (PreparedStatement log = connection.prepareStatement("INSERT INTO commit_log (stream) VALUES (?)")) {
                    connection.commit();
                    log.setString(1, table);
                    log.executeUpdate();
                    connection.commit();
                } catch (SQLException e) {
                    throw new FerryException("cannot commit " + table, e);
                }
                WriteCounts counts = new WriteCounts(staged, 0, 0, 0);
                staged = 0;
                return counts;
            }

            @Override
            public void abort() {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    throw new FerryException("cannot roll back " + table, e);
                }
            }

            @Override
            public void close() {
            }
        };
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The type fidelity matrix: for every ordered pair of PostgreSQL, MariaDB and SQLite, a table made
 * with the source engine's own DDL and filled with its own SQL (every common type at its limits,
 * text in many scripts, instants written in several zones across daylight-saving changes, a row
 * of NULLs) is read through Ferry's Source, written through Ferry's Destination into a table
 * Ferry creates, read back, and every value is compared with what the pair promises: the value
 * itself, or the documented lossy form (see docs/type-fidelity.md).
 *
 * <p>Each pair runs twice: a full read loaded with an overwrite (PostgreSQL's binary COPY both
 * ways, MariaDB's LOAD DATA), and a bounded read (the JDBC result set path) applied as upserts
 * (staging + merge, INSERT ... ON DUPLICATE KEY UPDATE) over MariaDB sessions that start at +05:30. The
 * surefire execution {@code non-utc-jvm} runs the class again with the JVM in America/Sao_Paulo.
 */
class TypeFidelityMatrixTest {
    /** The zone MariaDB sessions start in in zoned runs, before Ferry sets up its own connections. */
    static final String SESSION_OFFSET = "+05:30";

    /** The databases of the edge cells, shared by the whole class; see {@link #edgeDatabase}. */
    private static final Map<FidelityEngine, ConnectionSpec> EDGE_DATABASES = new EnumMap<>(FidelityEngine.class);
    private static final Set<String> CREATED_EDGE_SOURCES = new HashSet<>();

    @TempDir
    Path directory;

    /** How a pair is run. */
    enum Run {
        /** Sessions as the servers make them; a full read, loaded by overwrite. */
        FULL_LOAD(WriteMode.OVERWRITE, false),
        /** MariaDB sessions starting at +05:30; a read from a bound on the key, applied as upserts. */
        ZONED_UPSERT(WriteMode.UPSERT, true);

        final WriteMode mode;
        final boolean zonedSessions;

        Run(WriteMode mode, boolean zonedSessions) {
            this.mode = mode;
            this.zonedSessions = zonedSessions;
        }
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Run run : Run.values()) {
            for (FidelityEngine source : FidelityEngine.values()) {
                for (FidelityEngine target : FidelityEngine.values()) {
                    pairs.add(Arguments.of(source, target, run));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @MethodSource("pairs")
    void everyValueArrivesAsThePairPromises(FidelityEngine source, FidelityEngine target, Run run) {
        ConnectionSpec from = connection(source, "source", run);
        ConnectionSpec to = connection(target, "target", run);
        List<FidelityProbe> probes = FidelityProbes.all().stream().filter(probe -> probe.existsOn(source)).toList();
        FidelitySource.create(source, from, probes);
        for (FidelityEngine engine : List.of(source, target)) {
            if (run.zonedSessions && engine == FidelityEngine.MARIADB) {
                assertThat(sessionZone(engine == source ? from : to)).as("a new MariaDB session's zone").isEqualTo(SESSION_OFFSET);
            }
        }

        StreamSchema schema = TestDatabases.schemaOf(from, FidelitySource.TABLE);
        List<ChangeRecord> read = read(from, schema, run);
        TestDatabases.write(to, "copied", schema, run.mode, read);
        StreamSchema copiedSchema = TestDatabases.schemaOf(to, "copied");
        List<ChangeRecord> copied = TestDatabases.readAll(to, "copied");

        SoftAssertions softly = new SoftAssertions();
        for (FidelityProbe probe : probes) {
            Column declared = schema.column(probe.name());
            ColumnType readAs = probe.on(source).type();
            softly.assertThat(declared.type()).as("%s on %s reads as", probe.name(), source).isEqualTo(readAs);
            Column created = copiedSchema.column(probe.name());
            softly.assertThat(created.type()).as("%s created on %s reads as", probe.name(), target).isEqualTo(target.storesAs(readAs));
            if (readAs == ColumnType.DECIMAL || readAs == ColumnType.STRING) {
                softly.assertThat(List.of(created.precision(), created.scale())).as("%s precision and scale on %s", probe.name(), target)
                        .isEqualTo(List.of(declared.precision(), declared.scale()));
            }
        }
        assertRows(softly, "read from " + source, probes, schema, read, value -> value, source);
        assertRows(softly, "arrived on " + target, probes, copiedSchema, copied, value -> FidelityProbe.arrivedAt(target, value), source);
        softly.assertAll();
    }

    static Stream<Arguments> nonFinitePairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (FidelityEngine source : List.of(FidelityEngine.POSTGRESQL, FidelityEngine.SQLITE)) {
            for (FidelityEngine target : FidelityEngine.values()) {
                pairs.add(Arguments.of(source, target));
            }
        }
        return pairs.stream();
    }

    /**
     * NaN and the infinities, where the source has them: PostgreSQL has all three, SQLite the
     * infinities, MariaDB none. A value the target cannot hold fails the write and leaves the table
     * as it was: any of them on MariaDB, NaN on SQLite (which would store NULL).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("nonFinitePairs")
    void nonFiniteFloatsArriveWhereTheTargetHasThemAndFailTheWriteWhereNot(FidelityEngine source, FidelityEngine target) {
        ConnectionSpec from = TestDatabases.of(source.kind(), directory, "source");
        ConnectionSpec to = TestDatabases.of(target.kind(), directory, "target");
        List<Object[]> rows = new ArrayList<>();
        if (source == FidelityEngine.POSTGRESQL) {
            TestDatabases.execute(from, "CREATE TABLE specials (id integer PRIMARY KEY, c_real real, c_double double precision)",
                    "INSERT INTO specials VALUES (1, 'NaN', 'NaN'), (2, 'Infinity', 'Infinity'), (3, '-Infinity', '-Infinity')");
            rows.add(new Object[] {1, Float.NaN, Double.NaN});
            rows.add(new Object[] {2, Float.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
            rows.add(new Object[] {3, Float.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        } else {
            // SQLite's REAL is a double, so both columns read as DOUBLE; 9e999 is its spelling of infinity
            TestDatabases.execute(from, "CREATE TABLE specials (id INTEGER PRIMARY KEY, c_real REAL, c_double DOUBLE)",
                    "INSERT INTO specials VALUES (2, 9e999, 9e999), (3, -9e999, -9e999)");
            rows.add(new Object[] {2L, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
            rows.add(new Object[] {3L, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
        }
        StreamSchema schema = TestDatabases.schemaOf(from, "specials");
        List<ChangeRecord> read = TestDatabases.readAll(from, "specials");
        assertThat(read).containsExactlyElementsOf(rows.stream().map(ChangeRecord::upsert).toList());

        boolean refused = target == FidelityEngine.MARIADB || target == FidelityEngine.SQLITE && source == FidelityEngine.POSTGRESQL;
        if (refused) {
            TestDatabases.write(to, "copied", schema, WriteMode.OVERWRITE, List.of());
            for (WriteMode mode : WriteMode.values()) {
                // row 1 holds NaN, which neither target holds; on MariaDB row 2's infinities would fail next
                assertThatThrownBy(() -> TestDatabases.write(to, "copied", schema, mode, read)).as(mode.toString())
                        .isInstanceOfSatisfying(RejectedValueException.class, rejected -> assertThat(
                                List.of(rejected.table(), rejected.column(), rejected.key()))
                                .containsExactly("copied", "c_real", "id=" + rows.getFirst()[0]))
                        .hasMessageContaining("table copied, column c_real, row id=" + rows.getFirst()[0]);
            }
            assertThat(TestDatabases.readAll(to, "copied")).isEmpty();
            if (target == FidelityEngine.MARIADB) {
                return;
            }
            // the rows without NaN cross
            rows.removeIf(row -> Double.isNaN(((Number) row[1]).doubleValue()));
        }
        List<ChangeRecord> crossing = read.stream().filter(record -> !refused || !Double.isNaN(((Number) record.value(1)).doubleValue())).toList();
        TestDatabases.write(to, "copied", schema, WriteMode.OVERWRITE, crossing);
        List<ChangeRecord> copied = TestDatabases.readAll(to, "copied").stream()
                .map(record -> ChangeRecord.upsert(new Object[] {((Number) record.value(0)).longValue(), record.value(1), record.value(2)}))
                .toList();
        assertThat(copied).containsExactlyElementsOf(rows.stream()
                .map(row -> ChangeRecord.upsert(new Object[] {((Number) row[0]).longValue(), row[1], row[2]})).toList());
    }

    /**
     * MariaDB's uuid refuses a UUID of the RFC 4122 variant whose version is not one it knows;
     * PostgreSQL takes any 128 bits. Such a row fails the write, by either path, and nothing lands.
     */
    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aUuidMariaDbRefusesFailsTheWriteInsteadOfChangingIt(WriteMode mode) {
        ConnectionSpec from = TestDatabases.postgres();
        ConnectionSpec to = TestDatabases.mariadb();
        TestDatabases.execute(from, "CREATE TABLE ids (id integer PRIMARY KEY, token uuid)",
                "INSERT INTO ids VALUES (1, '7fffffff-ffff-ffff-8000-000000000000')");
        StreamSchema schema = TestDatabases.schemaOf(from, "ids");
        List<ChangeRecord> read = TestDatabases.readAll(from, "ids");
        TestDatabases.write(to, "copied", schema, mode, List.of());

        assertThatThrownBy(() -> TestDatabases.write(to, "copied", schema, mode, read))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("table copied, column token, row id=1");
        assertThat(TestDatabases.readAll(to, "copied")).isEmpty();
    }

    static Stream<Arguments> edgeCells() {
        List<Arguments> cells = new ArrayList<>();
        for (Run run : Run.values()) {
            for (FidelityEngine source : FidelityEngine.values()) {
                for (FidelityTarget target : FidelityTarget.real()) {
                    cells.add(Arguments.of(source, target, run));
                }
            }
        }
        return cells.stream();
    }

    /**
     * The matrix's rule for values at the edges (infinities, dates before the common era, decimal
     * NaN and infinities, decimals beyond a double, BIGINT UNSIGNED at its maximum, a UUID MariaDB
     * refuses): each sits in a table of its own, so every cell is seen, and each either arrives
     * exactly or its row is refused naming table, column and key ({@link FidelityRule}); which of
     * the two is declared per target ({@link FidelityEdges}). SQLite is written twice, with
     * decimals as numbers and as text.
     */
    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @MethodSource("edgeCells")
    void everyEdgeValueArrivesExactlyOrIsRefusedNamingTableColumnAndKey(FidelityEngine source, FidelityTarget target,
                                                                         Run run) {
        ConnectionSpec from = edgeDatabase(source, "source", run);
        ConnectionSpec to = target.configure(edgeDatabase(target.engine(), "target", run));
        List<String> broken = new ArrayList<>();
        for (FidelityEdge edge : FidelityEdges.all().stream().filter(edge -> edge.existsOn(source)).toList()) {
            String cell = FidelityRule.cell(edge, source, target, run);
            // one table per cell on the target, as databases are shared
            String copied = "t" + source.ordinal() + target.ordinal() + run.ordinal() + "_" + edge.table();
            try {
                createEdgeSource(source, from, edge);
                FidelityRule.checkEdge(edge, source, from, target, to, copied, run);
            } catch (AssertionError | RuntimeException e) {
                broken.add(e instanceof AssertionError ? e.getMessage() : cell + ": " + e);
            }
        }
        assertThat(broken).as("cells that neither arrived exactly nor were refused as promised").isEmpty();
    }

    /**
     * The database of the edge cells on {@code engine}: one PostgreSQL and one MariaDB database
     * for the whole class (each database made is dropped when the JVM exits, which takes a while
     * per database), a fresh SQLite file per test. Zoned runs start MariaDB sessions at +05:30.
     */
    private ConnectionSpec edgeDatabase(FidelityEngine engine, String name, Run run) {
        if (engine == FidelityEngine.SQLITE) {
            return TestDatabases.sqlite(directory, name);
        }
        ConnectionSpec shared;
        synchronized (EDGE_DATABASES) {
            shared = EDGE_DATABASES.computeIfAbsent(engine, e -> TestDatabases.of(e.kind(), directory, "edges"));
        }
        return run.zonedSessions ? zoned(shared) : shared;
    }

    /** Creates the source table of {@code edge}, once per shared database. */
    private static void createEdgeSource(FidelityEngine source, ConnectionSpec spec, FidelityEdge edge) {
        synchronized (EDGE_DATABASES) {
            if (source == FidelityEngine.SQLITE || CREATED_EDGE_SOURCES.add(source + "." + edge.table())) {
                FidelitySource.createOne(source, spec, edge.table(), edge.probe());
            }
        }
    }

    private static void assertRows(SoftAssertions softly, String stage, List<FidelityProbe> probes, StreamSchema schema,
                                   List<ChangeRecord> records, UnaryOperator<Object> arrival, FidelityEngine source) {
        List<ChangeRecord> sorted = records.stream()
                .sorted(Comparator.comparingLong(record -> ((Number) record.value(schema.indexOf("id"))).longValue())).toList();
        softly.assertThat(sorted).as(stage + ": rows").hasSize(FidelityProbes.VALUE_ROWS + 1);
        for (int row = 0; row < Math.min(sorted.size(), FidelityProbes.VALUE_ROWS + 1); row++) {
            ChangeRecord record = sorted.get(row);
            softly.assertThat(((Number) record.value(schema.indexOf("id"))).intValue()).as(stage + ": key").isEqualTo(row + 1);
            for (FidelityProbe probe : probes) {
                Object expected = arrival.apply(probe.readFrom(source, row));
                Object actual = record.value(schema.indexOf(probe.name()));
                String where = stage + ", row " + (row + 1) + ", " + probe.name();
                if (expected instanceof byte[] bytes) {
                    softly.assertThat(actual).as(where).isInstanceOf(byte[].class);
                    if (actual instanceof byte[] got) {
                        softly.assertThat(got).as(where).isEqualTo(bytes);
                    }
                } else {
                    // equals, not a looser comparison: decimals keep their scale, instants their offset
                    softly.assertThat(actual).as(where).isEqualTo(expected);
                }
            }
        }
    }

    /** A full read, or (zoned runs) a read from a bound below every key, which takes the result-set path. */
    static List<ChangeRecord> read(ConnectionSpec spec, StreamSchema schema, Run run) {
        return FidelityRule.read(spec, FidelitySource.TABLE, schema, run);
    }

    /**
     * A fresh database of {@code engine}; in zoned runs a MariaDB URL starts every session at
     * +05:30. PostgreSQL sessions need nothing: pgjdbc always sets the session's zone to the JVM's,
     * and that startup parameter overrides {@code options=-c TimeZone=...} and database defaults,
     * so they leave UTC when the JVM does (the surefire run in America/Sao_Paulo).
     */
    ConnectionSpec connection(FidelityEngine engine, String name, Run run) {
        ConnectionSpec spec = TestDatabases.of(engine.kind(), directory, name);
        return run.zonedSessions ? zoned(spec) : spec;
    }

    /** {@code spec} with MariaDB sessions starting at {@link #SESSION_OFFSET}; other engines unchanged. */
    static ConnectionSpec zoned(ConnectionSpec spec) {
        if (!spec.type().equals(FidelityEngine.MARIADB.kind())) {
            return spec;
        }
        String separator = spec.url().contains("?") ? "&" : "?";
        return JdbcConnectorFactory.connection(spec.name(), spec.url() + separator + "sessionVariables=time_zone='" + SESSION_OFFSET + "'");
    }

    /** The zone a new MariaDB session of {@code spec} starts in, as the server reports it. */
    private static String sessionZone(ConnectionSpec spec) {
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@session.time_zone")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncrementalReadTest {
    @TempDir
    Path directory;

    private static final StreamRef EVENTS = StreamRef.ofObject("events", "events");

    private ConnectionSpec seeded(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "events");
        // MariaDB's TIMESTAMP is an instant; its timestamp without a zone is DATETIME.
        String timestamp = kind.equals("mariadb") ? "DATETIME(6)" : "TIMESTAMP";
        TestDatabases.execute(spec,
                "CREATE TABLE events (id INTEGER PRIMARY KEY, updated_at " + timestamp + " NOT NULL, seq BIGINT NOT NULL,"
                        + " note VARCHAR(10))",
                "INSERT INTO events VALUES (1, '2024-01-01 10:00:00', 10, 'a'), (2, '2024-01-01 11:00:00', 20, 'b'),"
                        + " (3, '2024-01-01 11:30:00', 30, 'c'), (4, '2024-01-01 12:00:00', 40, 'd'),"
                        + " (5, '2024-01-01 12:00:00', 40, 'e')");
        return spec;
    }

    private static ReadRequest incremental(String cursor, Checkpoint from, Lookback lookback, List<String> columns) {
        return new ReadRequest(EVENTS, columns, cursor, from, lookback, 2);
    }

    private static List<Object> ids(List<RecordBatch> batches) {
        return batches.stream().flatMap(b -> b.records().stream()).map(r -> ((Number) r.value(0)).longValue()).map(Object.class::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void firstReadDeliversEverythingInCursorOrderWithRisingCheckpoints(String kind) {
        ConnectionSpec spec = seeded(kind);
        List<RecordBatch> batches = TestDatabases.batches(spec, incremental("updated_at", null, Lookback.NONE, List.of()));

        assertThat(ids(batches)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(2));
        assertThat(batches.stream().map(RecordBatch::checkpoint).map(c -> ((Checkpoint.CursorValue) c).value()))
                .containsExactly(LocalDateTime.of(2024, 1, 1, 11, 0), LocalDateTime.of(2024, 1, 1, 12, 0),
                        LocalDateTime.of(2024, 1, 1, 12, 0));
        assertThat(batches.getLast().checkpoint())
                .isEqualTo(new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 12, 0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void resumeRereadsTiesOnTheHighestValueAndNewRows(String kind) {
        ConnectionSpec spec = seeded(kind);
        Checkpoint last = new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 12, 0));
        TestDatabases.execute(spec, "INSERT INTO events VALUES (6, '2024-01-01 13:00:00', 50, 'f')");

        List<RecordBatch> batches = TestDatabases.batches(spec, incremental("updated_at", last, Lookback.NONE, List.of()));

        assertThat(ids(batches)).containsExactly(4L, 5L, 6L);
        assertThat(((Checkpoint.CursorValue) batches.getLast().checkpoint()).value()).isEqualTo(LocalDateTime.of(2024, 1, 1, 13, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void timeLookbackStartsBelowTheCheckpoint(String kind) {
        ConnectionSpec spec = seeded(kind);
        Checkpoint last = new Checkpoint.CursorValue("updated_at", ColumnType.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 12, 0));

        List<RecordBatch> batches = TestDatabases.batches(spec,
                incremental("updated_at", last, new Lookback.Time(Duration.ofMinutes(60)), List.of()));

        assertThat(ids(batches)).containsExactly(2L, 3L, 4L, 5L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void amountLookbackOnANumericCursorEvenWhenTheCursorIsNotSelected(String kind) {
        ConnectionSpec spec = seeded(kind);
        Checkpoint last = new Checkpoint.CursorValue("seq", ColumnType.BIGINT, 40L);

        List<RecordBatch> batches = TestDatabases.batches(spec,
                incremental("seq", last, new Lookback.Amount(new BigDecimal("10.5")), List.of("id", "note")));

        assertThat(ids(batches)).containsExactly(3L, 4L, 5L);
        Object expectedId = kind.equals("sqlite") ? (Object) 3L : (Object) 3;
        assertThat(batches.getFirst().records().getFirst()).isEqualTo(ChangeRecord.upsert(new Object[] {expectedId, "c"}));
        assertThat(batches.getLast().checkpoint()).isEqualTo(new Checkpoint.CursorValue("seq", ColumnType.BIGINT, 40L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void fullReadsCarryNoCheckpoint(String kind) {
        ConnectionSpec spec = seeded(kind);
        List<RecordBatch> batches = TestDatabases.batches(spec, TestDatabases.request(EVENTS, 2));
        assertThat(batches).hasSize(3).allSatisfy(batch -> assertThat(batch.checkpoint()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void queryStreamsAreWrappedAndReadIncrementally(String kind) {
        ConnectionSpec spec = seeded(kind);
        StreamRef query = new StreamRef("late", null, "SELECT id, seq FROM events WHERE note <> 'a' -- skip the first;", List.of("id"));
        Checkpoint last = new Checkpoint.CursorValue("seq", ColumnType.BIGINT, 30L);

        List<RecordBatch> batches = TestDatabases.batches(spec, new ReadRequest(query, List.of(), "seq", last, Lookback.NONE, 10));

        assertThat(ids(batches)).containsExactly(3L, 4L, 5L);
        assertThat(batches.getFirst().records().getFirst().value(1)).isEqualTo(30L);
    }

    /**
     * Cursors with a zone on engines that convert to the session's zone (PostgreSQL timestamptz,
     * MariaDB timestamp): rows written by sessions in other zones read as the same instants, ties
     * on the stored instant are read again, and nothing after it is missed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void zonedCursorsWrittenFromOtherZonesResumeByInstant(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "zoned");
        boolean maria = kind.equals("mariadb");
        String zone = maria ? "SET time_zone = '+05:00'" : "SET TIME ZONE 'Asia/Karachi'";
        String type = maria ? "TIMESTAMP(6) NOT NULL" : "TIMESTAMPTZ NOT NULL";
        TestDatabases.execute(spec, "CREATE TABLE zoned (id INTEGER PRIMARY KEY, changed " + type + ")", zone,
                "INSERT INTO zoned VALUES (1, '2024-03-10 10:00:00'), (2, '2024-03-10 11:00:00')");
        StreamRef zoned = StreamRef.ofObject("zoned", "zoned");

        List<RecordBatch> first = TestDatabases.batches(spec, new ReadRequest(zoned, List.of(), "changed", null, Lookback.NONE, 10));
        Checkpoint stored = first.getLast().checkpoint();
        assertThat(((java.time.OffsetDateTime) ((Checkpoint.CursorValue) stored).value()).toInstant())
                .isEqualTo(java.time.Instant.parse("2024-03-10T06:00:00Z"));

        // A tie on the stored instant, written from yet another zone, and a later row.
        String otherZone = maria ? "SET time_zone = '-03:00'" : "SET TIME ZONE 'America/Sao_Paulo'";
        TestDatabases.execute(spec, otherZone,
                "INSERT INTO zoned VALUES (3, '2024-03-10 03:00:00'), (4, '2024-03-10 03:00:01')");
        List<RecordBatch> next = TestDatabases.batches(spec, new ReadRequest(zoned, List.of(), "changed", stored, Lookback.NONE, 10));

        assertThat(ids(next)).containsExactlyInAnyOrder(2L, 3L, 4L);
        assertThat(next.stream().flatMap(b -> b.records().stream())
                .map(r -> ((java.time.OffsetDateTime) r.value(1)).toInstant()).toList())
                .contains(java.time.Instant.parse("2024-03-10T06:00:00Z"), java.time.Instant.parse("2024-03-10T06:00:01Z"));
    }

    /**
     * The four server-side timestamp cursors, with and without a zone, while neither the database
     * default nor the writing session is in UTC (and, in the non-UTC JVM run, neither is the JVM):
     * rows that tie with the highest value read, committed after the read, and rows one microsecond
     * above it are all read on resume; rows below it are not.
     */
    @ParameterizedTest
    @CsvSource({"postgresql, TIMESTAMPTZ", "postgresql, TIMESTAMP", "mariadb, TIMESTAMP(6)", "mariadb, DATETIME(6)"})
    void serverTimestampCursorsResumeWithLateTiesOutsideUtc(String kind, String type) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "stamps");
        boolean maria = kind.equals("mariadb");
        String writerZone = maria ? "SET time_zone = '+05:30'" : "SET TIME ZONE 'Asia/Kolkata'";
        if (!maria) {
            // The database's own default zone, used by every session that does not choose one.
            TestDatabases.execute(spec, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone = %L',"
                    + " current_database(), 'America/Sao_Paulo'); END $$");
        }
        String later = maria ? "max(changed) + INTERVAL 1 MICROSECOND" : "max(changed) + interval '1 microsecond'";
        String earlier = maria ? "max(changed) - INTERVAL 1 MICROSECOND" : "max(changed) - interval '1 microsecond'";
        TestDatabases.execute(spec, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, changed " + type + " NOT NULL)",
                writerZone,
                "INSERT INTO stamps VALUES (1, '2024-03-10 10:00:00.25'), (2, '2024-03-10 11:00:00.123456'),"
                        + " (3, '2024-03-10 11:00:00.123456')");
        StreamRef stamps = StreamRef.ofObject("stamps", "stamps");

        List<RecordBatch> first = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", null, Lookback.NONE, 2));
        assertThat(ids(first)).containsExactly(1L, 2L, 3L);
        Checkpoint stored = first.getLast().checkpoint();

        // Written by a session in another zone, as a concurrent writer would: ties on the highest
        // value, rows just above it, and one just below it that a resume must not need.
        TestDatabases.execute(spec, writerZone,
                "CREATE TABLE probe AS SELECT " + later + " AS above, " + earlier + " AS below, max(changed) AS tie FROM stamps",
                "INSERT INTO stamps SELECT 4, tie FROM probe", "INSERT INTO stamps SELECT 5, tie FROM probe",
                "INSERT INTO stamps SELECT 6, above FROM probe", "INSERT INTO stamps SELECT 7, below FROM probe");
        List<RecordBatch> next = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", stored, Lookback.NONE, 2));

        assertThat(ids(next)).containsExactly(2L, 3L, 4L, 5L, 6L);
        Object highest = ((Checkpoint.CursorValue) next.getLast().checkpoint()).value();
        Object expected = LocalDateTime.parse("2024-03-10T11:00:00.123457");
        if (highest instanceof java.time.OffsetDateTime zoned) {
            // Stored from a +05:30 session (MariaDB) or read in UTC from the Kolkata session's text (PostgreSQL).
            assertThat(zoned.toInstant()).isEqualTo(LocalDateTime.parse("2024-03-10T05:30:00.123457").toInstant(java.time.ZoneOffset.UTC));
        } else {
            assertThat(highest).isEqualTo(expected);
        }
    }

    /**
     * SQLite keeps timestamps as text in any of the ISO forms its date functions accept: minutes
     * only, seconds, a fraction with trailing zeros, a 'T' separator. Rows equal to the stored
     * cursor in any of these forms, and any later row, are read on resume.
     */
    @org.junit.jupiter.api.Test
    void sqliteTextTimestampsInEveryIsoFormResumeWithTheirTies() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "text");
        TestDatabases.execute(spec, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, changed TIMESTAMP NOT NULL)",
                "INSERT INTO stamps VALUES (1, '2024-03-10 09:59:59.999'), (2, '2024-03-10 10:00')");
        StreamRef stamps = StreamRef.ofObject("stamps", "stamps");
        List<RecordBatch> first = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", null, Lookback.NONE, 10));
        Checkpoint stored = first.getLast().checkpoint();
        assertThat(((Checkpoint.CursorValue) stored).value()).isEqualTo(LocalDateTime.of(2024, 3, 10, 10, 0));

        TestDatabases.execute(spec, "INSERT INTO stamps VALUES (3, '2024-03-10 10:00'), (4, '2024-03-10 10:00:00'),"
                + " (5, '2024-03-10 10:00:00.000'), (6, '2024-03-10T10:00:00'), (7, '2024-03-10T10:00'),"
                + " (8, '2024-03-10 10:00:00.000001'), (9, '2024-03-10 10:01'), (10, '2024-03-10 09:59')");
        List<RecordBatch> next = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", stored, Lookback.NONE, 10));

        assertThat(ids(next)).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    /**
     * SQLite text with offsets, as written by applications in their local zone: a resume finds
     * every row at or after the stored instant whatever offset it was written with, and the
     * checkpoint is the highest instant, not the text that sorts last.
     */
    @org.junit.jupiter.api.Test
    void sqliteTextWithOffsetsResumesByInstant() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "offsets");
        TestDatabases.execute(spec, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, changed TIMESTAMPTZ NOT NULL)",
                "INSERT INTO stamps VALUES (1, '2024-03-10 12:00:00+05:30'), (2, '2024-03-10 07:00:00-03:00')");
        StreamRef stamps = StreamRef.ofObject("stamps", "stamps");
        List<RecordBatch> first = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", null, Lookback.NONE, 10));
        Checkpoint stored = first.getLast().checkpoint();
        assertThat(((java.time.OffsetDateTime) ((Checkpoint.CursorValue) stored).value()).toInstant())
                .isEqualTo(java.time.Instant.parse("2024-03-10T10:00:00Z"));

        TestDatabases.execute(spec, "INSERT INTO stamps VALUES (3, '2024-03-10 07:00:00-03:00'), (4, '2024-03-10 10:00:00Z'),"
                + " (5, '2024-03-10 15:30:00+05:30'), (6, '2024-03-10 07:00:01-03:00'), (7, '2024-03-10 14:00:00+05:00')");
        List<RecordBatch> next = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", stored, Lookback.NONE, 10));

        assertThat(ids(next)).contains(2L, 3L, 4L, 5L, 6L).doesNotContain(1L, 7L);
        assertThat(((java.time.OffsetDateTime) ((Checkpoint.CursorValue) next.getLast().checkpoint()).value()).toInstant())
                .isEqualTo(java.time.Instant.parse("2024-03-10T10:00:01Z"));
    }

    /** sqlite-jdbc's own form, epoch milliseconds, resumes like text: an integer never compares with a text bound. */
    @org.junit.jupiter.api.Test
    void sqliteEpochMillisecondCursorsResume() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "millis");
        TestDatabases.execute(spec, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, changed TIMESTAMP NOT NULL)",
                "INSERT INTO stamps VALUES (1, 1710064800000), (2, 1710064800250)");
        StreamRef stamps = StreamRef.ofObject("stamps", "stamps");
        Checkpoint stored = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", null, Lookback.NONE, 10))
                .getLast().checkpoint();
        assertThat(((Checkpoint.CursorValue) stored).value()).isEqualTo(LocalDateTime.parse("2024-03-10T10:00:00.250"));

        TestDatabases.execute(spec, "INSERT INTO stamps VALUES (3, 1710064800250), (4, 1710064800251), (5, 1710064800249)");
        List<RecordBatch> next = TestDatabases.batches(spec, new ReadRequest(stamps, List.of(), "changed", stored, Lookback.NONE, 10));

        assertThat(ids(next)).containsExactly(2L, 3L, 4L);
    }

    /** Text SQLite cannot read as a time is read, and so reported, rather than skipped by a resume. */
    @org.junit.jupiter.api.Test
    void sqliteCursorTextThatIsNoTimeIsReportedNotSkipped() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "garbage");
        TestDatabases.execute(spec, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, changed TIMESTAMP NOT NULL)",
                "INSERT INTO stamps VALUES (1, '2024-03-10 10:00:00'), (2, 'yesterday')");
        StreamRef stamps = StreamRef.ofObject("stamps", "stamps");
        Checkpoint stored = new Checkpoint.CursorValue("changed", ColumnType.TIMESTAMP, LocalDateTime.of(2024, 3, 10, 10, 0));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestDatabases.batches(spec,
                        new ReadRequest(stamps, List.of(), "changed", stored, Lookback.NONE, 10)))
                .hasMessageContaining("changed").hasMessageContaining("yesterday");
    }
}

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
}

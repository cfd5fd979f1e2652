package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers close a batch when its rows' estimated size reaches the request's memory budget, not
 * only at its row count: on PostgreSQL through binary COPY (a full read) and a cursor (a bounded
 * read), on MariaDB and SQLite through result sets.
 */
class BatchBytesTest {
    private static final int MEGABYTE_CHARS = 1_000_000;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "sqlite"})
    void rowsOfAMegabyteMakeBatchesOfThreeUnderAThreeMegabyteBudget(String kind) {
        ConnectionSpec spec = filled(kind);
        ReadRequest full = new ReadRequest(StreamRef.ofObject("wide", "wide"), List.of(), null, null, Lookback.NONE,
                100, 3_000_000);

        List<RecordBatch> batches = TestDatabases.batches(spec, full);

        // 16 bytes per value and a million characters per row: two rows stay under 3,000,000, three reach it.
        assertThat(batches).extracting(RecordBatch::size).containsExactly(3, 3, 3, 1);
        assertThat(batches.stream().flatMap(batch -> batch.records().stream()).map(record -> record.value(0)))
                .map(Number.class::cast).map(Number::intValue).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(batches.getFirst().records().getFirst().value(1)).asString().hasSize(MEGABYTE_CHARS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void boundedReadsSplitByBytesToo(String kind) {
        ConnectionSpec spec = filled(kind);
        ReadRequest bounded = new ReadRequest(StreamRef.ofObject("wide", "wide"), List.of(), "id",
                new Checkpoint.CursorValue("id", ColumnType.BIGINT, 3L), Lookback.NONE,
                100, 2_000_000);

        List<RecordBatch> batches = TestDatabases.batches(spec, bounded);

        assertThat(batches).extracting(RecordBatch::size).containsExactly(2, 2, 2, 2);
    }

    /**
     * Result sets fetch one row first, then as many as the budget holds at the largest row's size:
     * 2,000 rows of a megabyte are never fetched at once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void resultSetsFetchAsManyRowsAsTheBudgetHolds(String kind) {
        ConnectionSpec spec = filled(kind);
        ReadRequest bounded = new ReadRequest(StreamRef.ofObject("wide", "wide"), List.of(), "id",
                new Checkpoint.CursorValue("id", ColumnType.BIGINT, 1L), Lookback.NONE, 2000, 3_000_000);

        try (Source source = TestDatabases.FACTORY.openSource(spec); StreamReader reader = source.open(bounded)) {
            JdbcStreamReader rows = (JdbcStreamReader) reader;
            assertThat(reader.next().size()).isEqualTo(3);
            assertThat(rows.fetchSize()).isEqualTo(2);
            int total = 3;
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                total += batch.size();
            }
            assertThat(total).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aRowLargerThanTheBudgetIsABatchOfItsOwn(String kind) {
        ConnectionSpec spec = filled(kind);
        ReadRequest tiny = new ReadRequest(StreamRef.ofObject("wide", "wide"), List.of(), null, null, Lookback.NONE,
                100, 1_000);

        List<RecordBatch> batches = TestDatabases.batches(spec, tiny);

        assertThat(batches).hasSize(10).allSatisfy(batch -> assertThat(batch.size()).isEqualTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void ordinaryRowsFillBatchesByCountUnderTheDefaultBudget(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "narrow");
        TestDatabases.execute(spec, "CREATE TABLE narrow (id INTEGER PRIMARY KEY, name VARCHAR(40), note TEXT)");
        StringBuilder insert = new StringBuilder("INSERT INTO narrow VALUES ");
        for (int i = 1; i <= 5000; i++) {
            insert.append(i == 1 ? "" : ", ").append('(').append(i).append(", 'customer ").append(i)
                    .append("', 'a note of a few dozen characters, as most rows have')");
        }
        TestDatabases.execute(spec, insert.toString());

        List<RecordBatch> batches = TestDatabases.batches(spec,
                TestDatabases.request(StreamRef.ofObject("narrow", "narrow"), 2000));

        assertThat(batches).extracting(RecordBatch::size).containsExactly(2000, 2000, 1000);
        assertThat(batches.getFirst().estimatedBytes()).isLessThan(ReadRequest.DEFAULT_BATCH_BYTES / 4);
    }

    @Test
    void aRecordsEstimateCountsTextCharactersAndBinaryBytes() {
        Object[] values = {42L, "abc", new byte[100], null};

        assertThat(ChangeRecord.estimatedBytes(values)).isEqualTo(4 * 16 + 3 + 100);
    }

    /** Ten rows, ids 1 to 10, each with a text of a million characters. */
    private ConnectionSpec filled(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "wide");
        String text = kind.equals("mariadb") ? "LONGTEXT" : "TEXT";
        TestDatabases.execute(spec, "CREATE TABLE wide (id BIGINT PRIMARY KEY, body " + text + ")");
        for (int id = 1; id <= 10; id++) {
            String letter = (kind.equals("mariadb") ? "char(" : "chr(") + (96 + id) + ")";
            String body = kind.equals("sqlite")
                    ? "replace(hex(zeroblob(" + MEGABYTE_CHARS / 2 + ")), '0', char(" + (96 + id) + "))"
                    : "repeat(" + letter + ", " + MEGABYTE_CHARS + ")";
            TestDatabases.execute(spec, "INSERT INTO wide VALUES (" + id + ", " + body + ")");
        }
        return spec;
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Isolated writes against real databases: a batch with a row the destination refuses leaves
 * nothing of itself and everything before it, the writer goes on in the same transaction, and the
 * commit holds and counts exactly the good rows once.
 */
class IsolatedWritesTest {
    @TempDir
    Path directory;

    /** Written into a table made by hand, with constraints Ferry would not create. */
    static final StreamSchema ITEMS = new StreamSchema("items", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            new Column("code", ColumnType.STRING, true, 5, 0),
            new Column("amount", ColumnType.DECIMAL, true, 5, 2),
            Column.of("ratio", ColumnType.DOUBLE),
            Column.of("note", ColumnType.TEXT)), List.of("id"));

    private static final Map<String, String> CREATE_TABLE = Map.of(
            "postgresql", "CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(5) NOT NULL,"
                    + " amount NUMERIC(5,2) CHECK (amount >= 0), ratio DOUBLE PRECISION, note TEXT)",
            "mariadb", "CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(5) NOT NULL,"
                    + " amount DECIMAL(5,2) CHECK (amount >= 0), ratio DOUBLE, note TEXT)",
            "sqlite", "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(5) NOT NULL,"
                    + " amount DECIMAL(5,2) CHECK (amount >= 0), ratio DOUBLE, note TEXT)");

    /** How the writer is opened: the three ways it applies rows. */
    enum Way {
        UPSERT(WriteMode.UPSERT, DeletePolicy.NONE),
        UPSERT_REMOVING_UNSEEN(WriteMode.UPSERT, DeletePolicy.HARD),
        OVERWRITE(WriteMode.OVERWRITE, DeletePolicy.NONE);

        final WriteMode mode;
        final DeletePolicy deletes;

        Way(WriteMode mode, DeletePolicy deletes) {
            this.mode = mode;
            this.deletes = deletes;
        }
    }

    /** A row the destination refuses, by kind of refusal, made for a given key. */
    record Refusal(String name, LongFunction<ChangeRecord> row) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Refusal NOT_NULL = new Refusal("NULL into NOT NULL", id -> item(id, null, "1.00", 0.5, "x"));
    static final Refusal CHECK = new Refusal("CHECK (amount >= 0)", id -> item(id, "neg", "-1.00", 0.5, "x"));
    static final Refusal UNIQUE = new Refusal("duplicate under a unique index", id -> item(id, "r1", "1.00", 0.5, "x"));
    static final Refusal TOO_LONG = new Refusal("over VARCHAR(5)", id -> item(id, "sixsix", "1.00", 0.5, "x"));
    static final Refusal OUT_OF_RANGE = new Refusal("over DECIMAL(5,2)", id -> item(id, "big", "1000.00", 0.5, "x"));
    static final Refusal NUL_BYTE = new Refusal("NUL byte in text", id -> item(id, "nul", "1.00", 0.5, "a\u0000b"));
    static final Refusal NAN = new Refusal("NaN", id -> item(id, "nan", "1.00", Double.NaN, "x"));

    static Stream<Arguments> refusals() {
        List<Arguments> cases = new ArrayList<>();
        for (Way way : Way.values()) {
            for (Refusal refusal : List.of(NOT_NULL, CHECK, UNIQUE, TOO_LONG, OUT_OF_RANGE, NUL_BYTE)) {
                cases.add(Arguments.of("postgresql", way, refusal));
            }
            // Not UNIQUE: MariaDB's upsert (ON DUPLICATE KEY UPDATE) and LOAD DATA REPLACE take any
            // unique index for the key, and replace the other row instead of refusing.
            for (Refusal refusal : List.of(NOT_NULL, CHECK, TOO_LONG, OUT_OF_RANGE, NAN)) {
                cases.add(Arguments.of("mariadb", way, refusal));
            }
            // SQLite enforces neither VARCHAR nor DECIMAL sizes; its NaN is refused by Ferry's binding.
            for (Refusal refusal : List.of(NOT_NULL, CHECK, UNIQUE, NAN)) {
                cases.add(Arguments.of("sqlite", way, refusal));
            }
        }
        return cases.stream();
    }

    static ChangeRecord item(long id) {
        return item(id, "r" + id, "1.50", 0.25, "note " + id);
    }

    static ChangeRecord item(long id, String code, String amount, Double ratio, String note) {
        return ChangeRecord.upsert(new Object[] {id, code, new BigDecimal(amount), ratio, note});
    }

    private static RecordBatch batch(ChangeRecord... records) {
        return new RecordBatch(List.of(records), null);
    }

    private ConnectionSpec tableWithOldRows(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "items");
        TestDatabases.execute(spec, CREATE_TABLE.get(kind), "CREATE UNIQUE INDEX items_code ON items (code)",
                "INSERT INTO items (id, code, amount, ratio, note) VALUES (1, 'o1', 1.00, 0.5, 'old'),"
                        + " (3, 'o3', 3.00, 0.5, 'old'), (99, 'o99', 9.00, 0.5, 'old')");
        return spec;
    }

    private static WriteRequest request(Way way) {
        return new WriteRequest("items", ITEMS, way.mode, way.deletes, SchemaChangePolicy.IGNORE);
    }

    /** Each row as {@code id:code}, by id. */
    private static List<String> rows(ConnectionSpec spec) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, code FROM items ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + ":" + result.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("refusals")
    void aRefusedBatchLeavesNothingAndTheGoodRowsAreWrittenOnce(String kind, Way way, Refusal refusal) {
        ConnectionSpec spec = tableWithOldRows(kind);
        WriteCounts counts;
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(request(way))) {
            assertThat(writer.isolatesRows()).isTrue();

            // Refused first: for an overwrite, the clearing of the table is undone with it.
            assertThatThrownBy(() -> writer.writeIsolated(batch(item(1), item(2), refusal.row().apply(3), item(4))))
                    .isInstanceOf(RowsRefusedException.class)
                    .hasMessageContaining("items");
            writer.writeIsolated(batch(item(1), item(2), item(4)));
            // Refused after good rows of the same transaction, which stay.
            assertThatThrownBy(() -> writer.writeIsolated(batch(item(5), refusal.row().apply(6))))
                    .isInstanceOf(RowsRefusedException.class);
            writer.writeIsolated(batch(item(5)));

            if (way.deletes != DeletePolicy.NONE) {
                // The refused rows' keys were forgotten with them: 3 is unseen, like 99.
                assertThat(writer.removeUnseen()).isEqualTo(2);
            }
            counts = writer.commit();
        }

        switch (way) {
            case UPSERT -> {
                assertThat(rows(spec)).containsExactly("1:r1", "2:r2", "3:o3", "4:r4", "5:r5", "99:o99");
                assertThat(counts).isEqualTo(new WriteCounts(3, 1, 0, 0));
            }
            case UPSERT_REMOVING_UNSEEN -> {
                assertThat(rows(spec)).containsExactly("1:r1", "2:r2", "4:r4", "5:r5");
                assertThat(counts).isEqualTo(new WriteCounts(3, 1, 0, 2));
            }
            case OVERWRITE -> {
                assertThat(rows(spec)).containsExactly("1:r1", "2:r2", "4:r4", "5:r5");
                assertThat(counts).isEqualTo(new WriteCounts(4, 0, 0, 0));
            }
        }
    }

    /** A refusal found by the database names the table and the constraint or column. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void theRefusalSaysWhatWasRefusedAndTheWriterCommitsLaterTransactions(String kind) {
        ConnectionSpec spec = tableWithOldRows(kind);
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(request(Way.UPSERT))) {
            writer.writeIsolated(batch(item(1)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(0, 1, 0, 0));

            assertThatThrownBy(() -> writer.writeIsolated(batch(item(7), CHECK.row().apply(8))))
                    .isInstanceOf(RowsRefusedException.class)
                    .hasMessageStartingWith("Rows refused by table items")
                    .hasMessageContaining("amount");
            assertThat(writer.commit()).as("nothing of the refused batch is counted").isEqualTo(WriteCounts.NONE);

            writer.writeIsolated(batch(item(7)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 0, 0, 0));
        }
        assertThat(rows(spec)).containsExactly("1:r1", "3:o3", "7:r7", "99:o99");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void aMissingTableIsNotARefusalOfRows(String kind) {
        ConnectionSpec spec = tableWithOldRows(kind);
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(request(Way.UPSERT))) {
            writer.writeIsolated(batch(item(1)));
            writer.commit();
            TestDatabases.execute(spec, "DROP TABLE items");

            assertThatThrownBy(() -> writer.writeIsolated(batch(item(2))))
                    .isInstanceOf(FerryException.class)
                    .isNotInstanceOf(RowsRefusedException.class)
                    .hasMessageContaining("items");
            writer.abort();
        }
    }
}

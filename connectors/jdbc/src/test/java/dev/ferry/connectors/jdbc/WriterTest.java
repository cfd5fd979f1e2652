package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Destination;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WriterTest {
    @TempDir
    Path directory;

    static final StreamSchema ACCOUNTS = new StreamSchema("accounts", List.of(
            new Column("region", ColumnType.STRING, false, 8, 0),
            new Column("number", ColumnType.BIGINT, false, 0, 0),
            new Column("balance", ColumnType.DECIMAL, false, 12, 2),
            Column.of("owner", ColumnType.TEXT)), List.of("region", "number"));

    static ChangeRecord account(String region, long number, String balance, String owner) {
        return ChangeRecord.upsert(new Object[] {region, number, new BigDecimal(balance), owner});
    }

    static ChangeRecord deleted(String region, long number) {
        return ChangeRecord.delete(new Object[] {region, number, null, null});
    }

    private static List<ChangeRecord> table(ConnectionSpec spec) {
        return TestDatabases.readAll(spec, "accounts").stream()
                .sorted(Comparator.comparing((ChangeRecord r) -> (String) r.value(0)).thenComparing(r -> (Long) r.value(1)))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void upsertingTheSameBatchTwiceGivesTheSameTable(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        List<ChangeRecord> batch = List.of(account("eu", 1, "10.50", "Ana"), account("us", 1, "0.01", null));

        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, batch);
        List<ChangeRecord> once = table(spec);
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, batch);

        assertThat(table(spec)).isEqualTo(once).containsExactlyElementsOf(batch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void theLastRecordOfARepeatedKeyWinsAndDeletesApplyInOrder(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT,
                List.of(account("eu", 1, "1.00", "old"), account("eu", 2, "2.00", "gone"), account("eu", 3, "3.00", "back")));

        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, List.of(
                account("eu", 1, "5.00", "first"), account("eu", 1, "6.00", "last"),
                deleted("eu", 2), deleted("eu", 3), account("eu", 3, "30.00", "again"), deleted("eu", 99)));

        assertThat(table(spec)).containsExactly(account("eu", 1, "6.00", "last"), account("eu", 3, "30.00", "again"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void anAbortedOverwriteLeavesTheOldContentsAndACommittedOneReplacesThem(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        List<ChangeRecord> old = List.of(account("eu", 1, "1.00", "old"), account("eu", 2, "2.00", "old"));
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, old);

        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.OVERWRITE))) {
            writer.write(new RecordBatch(List.of(account("us", 7, "7.00", "new")), null));
            writer.abort();
        }
        assertThat(table(spec)).isEqualTo(old);

        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.OVERWRITE))) {
            writer.write(new RecordBatch(List.of(account("us", 7, "7.00", "new")), null));
            writer.write(new RecordBatch(List.of(account("us", 8, "8.00", "new")), null));
            writer.close(); // closing without a commit is an abort
        }
        assertThat(table(spec)).isEqualTo(old);

        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.OVERWRITE,
                List.of(account("us", 7, "7.00", "new"), account("us", 8, "8.00", "new")));
        assertThat(table(spec)).containsExactly(account("us", 7, "7.00", "new"), account("us", 8, "8.00", "new"));
    }

    /** The MariaDB variant uses the driver's other affected-rows semantics: a row left as it was reports 0, not 1. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb", "mariadb-affected-rows"})
    void eachCommitCountsWhatTheDatabaseInsertedUpdatedLeftAloneAndDeleted(String kind) {
        ConnectionSpec spec = kind.equals("mariadb-affected-rows") ? withProperty(TestDatabases.mariadb(),
                "useAffectedRows", "true") : TestDatabases.of(kind, directory, "accounts");
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.UPSERT))) {
            writer.write(batch(account("eu", 1, "1.00", "Ana"), account("eu", 2, "2.00", "Bo"), account("eu", 3, "3.00", "Cy")));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(3, 0, 0, 0));

            writer.write(batch(account("eu", 1, "1.00", "Ana"), account("eu", 2, "2.50", "Bo"),
                    account("eu", 3, "3.00", null), account("eu", 4, "4.00", "Di")));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 2, 1, 0));

            writer.write(batch(deleted("eu", 4), deleted("eu", 99)));
            assertThat(writer.commit()).as("only the row that existed").isEqualTo(new WriteCounts(0, 0, 0, 1));

            writer.write(batch(account("eu", 5, "5.00", "rolled back"), account("eu", 1, "9.00", "rolled back")));
            writer.abort();
            assertThat(writer.commit()).as("an aborted transaction's counts are dropped").isEqualTo(WriteCounts.NONE);

            // One key twice in one transaction, in two batches: inserted, then updated.
            writer.write(batch(account("eu", 7, "7.00", "new")));
            writer.write(batch(account("eu", 7, "7.70", "changed"), account("eu", 1, "1.00", "Ana")));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 1, 1, 0));

            // More rows than one MariaDB statement carries, half of them changed.
            List<ChangeRecord> many = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                many.add(account("us", i, "1.00", "owner " + i));
            }
            writer.write(new RecordBatch(many, null));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(2_500, 0, 0, 0));
            List<ChangeRecord> half = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                half.add(account("us", i, i % 2 == 0 ? "2.00" : "1.00", "owner " + i));
            }
            writer.write(new RecordBatch(half, null));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(0, 1_250, 1_250, 0));
        }
        assertThat(table(spec)).as("eu 1, 2, 3 and 7, and the 2,500").hasSize(4 + 2_500);
    }

    /** A partitioned PostgreSQL table cannot return xmax; its upserts are counted all the same. */
    @org.junit.jupiter.api.Test
    void upsertsIntoAPartitionedPostgresTableAreCountedToo() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE accounts (region varchar(8) NOT NULL, number bigint NOT NULL,"
                        + " balance numeric(12,2) NOT NULL, owner text, PRIMARY KEY (region, number)) PARTITION BY LIST (region)",
                "CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu')",
                "CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us')");
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.UPSERT))) {
            writer.write(batch(account("eu", 1, "1.00", "Ana"), account("us", 2, "2.00", "Bo")));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(2, 0, 0, 0));
            writer.write(batch(account("eu", 1, "1.00", "Ana"), account("us", 2, "2.50", "Bo"), account("us", 3, "3.00", null)));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(1, 1, 1, 0));
        }
        assertThat(table(spec)).containsExactly(account("eu", 1, "1.00", "Ana"), account("us", 2, "2.50", "Bo"),
                account("us", 3, "3.00", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void anOverwriteCountsEveryLoadedRowAsInserted(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, List.of(account("eu", 1, "1.00", "old")));
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.OVERWRITE))) {
            writer.write(batch(account("eu", 1, "1.00", "old"), account("eu", 2, "2.00", "new")));
            writer.write(batch(account("eu", 3, "3.00", "new")));
            assertThat(writer.commit()).isEqualTo(new WriteCounts(3, 0, 0, 0));
        }
    }

    private static RecordBatch batch(ChangeRecord... records) {
        return new RecordBatch(List.of(records), null);
    }

    private static ConnectionSpec withProperty(ConnectionSpec spec, String name, String value) {
        Map<String, String> properties = new java.util.HashMap<>(spec.properties());
        properties.put(name, value);
        return new ConnectionSpec(spec.name(), spec.type(), spec.url(), spec.user(), spec.password(), properties,
                spec.options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void uncommittedUpsertsAreDiscardedByAbort(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.UPSERT))) {
            writer.write(new RecordBatch(List.of(account("eu", 1, "1.00", "kept")), null));
            writer.commit();
            writer.write(new RecordBatch(List.of(account("eu", 2, "2.00", "dropped")), null));
            writer.abort();
            writer.write(new RecordBatch(List.of(account("eu", 3, "3.00", "kept")), null));
            writer.commit();
        }
        assertThat(table(spec)).containsExactly(account("eu", 1, "1.00", "kept"), account("eu", 3, "3.00", "kept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void upsertsChangeOnlyRowsThatDifferNullsIncluded(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, List.of(
                account("eu", 1, "1.00", "same"), account("eu", 2, "2.00", null), account("eu", 3, "3.00", "named")));
        String versionColumn = "xmin::text";
        List<String> before = kind.equals("postgresql") ? rowVersions(spec, versionColumn) : List.of();

        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, List.of(
                account("eu", 1, "1.00", "same"), account("eu", 2, "2.00", "now named"), account("eu", 3, "3.00", null)));

        assertThat(table(spec)).containsExactly(
                account("eu", 1, "1.00", "same"), account("eu", 2, "2.00", "now named"), account("eu", 3, "3.00", null));
        if (kind.equals("postgresql")) {
            List<String> after = rowVersions(spec, versionColumn);
            assertThat(after.get(0)).as("unchanged row keeps its version").isEqualTo(before.get(0));
            assertThat(after.get(1)).isNotEqualTo(before.get(1));
            assertThat(after.get(2)).isNotEqualTo(before.get(2));
        }
    }

    @org.junit.jupiter.api.Test
    void postgresUpsertsCompareJsonByItsText() {
        ConnectionSpec spec = TestDatabases.postgres();
        StreamSchema documents = new StreamSchema("documents", List.of(
                new Column("id", ColumnType.BIGINT, false, 0, 0), Column.of("body", ColumnType.JSON)), List.of("id"));
        TestDatabases.write(spec, "documents", documents, WriteMode.UPSERT,
                List.of(ChangeRecord.upsert(new Object[] {1L, "{\"a\": 1}"})));
        TestDatabases.write(spec, "documents", documents, WriteMode.UPSERT,
                List.of(ChangeRecord.upsert(new Object[] {1L, "{\"a\":1}"})));

        assertThat(TestDatabases.readAll(spec, "documents")).containsExactly(ChangeRecord.upsert(new Object[] {1L, "{\"a\":1}"}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void batchesOfOneTransactionApplyInOrderWhateverTheirKeysAndOperations(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.UPSERT))) {
            writer.write(new RecordBatch(List.of(account("eu", 1, "1.00", "a"), account("eu", 2, "2.00", "b")), null));
            writer.write(new RecordBatch(List.of(account("eu", 3, "3.00", "c"), account("eu", 1, "1.50", "a again")), null));
            writer.write(new RecordBatch(List.of(deleted("eu", 2), account("eu", 4, "4.00", "d")), null));
            writer.write(new RecordBatch(List.of(account("eu", 2, "2.50", "b back"), account("eu", 3, "3.50", "c again")), null));
            writer.write(new RecordBatch(List.of(account("eu", 4, "4.50", "d again")), null));
            writer.commit();
        }
        assertThat(table(spec)).containsExactly(account("eu", 1, "1.50", "a again"), account("eu", 2, "2.50", "b back"),
                account("eu", 3, "3.50", "c again"), account("eu", 4, "4.50", "d again"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void aWriterKeepsWorkingAfterAnAbortInTheMiddleOfStreamedBatches(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        for (WriteMode mode : WriteMode.values()) {
            try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
                 StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, mode))) {
                writer.write(new RecordBatch(List.of(account("eu", 1, "1.00", "dropped")), null));
                writer.write(new RecordBatch(List.of(account("eu", 2, "2.00", "dropped")), null));
                writer.abort();
                writer.write(new RecordBatch(List.of(account("us", 5, "5.00", mode.name())), null));
                writer.write(new RecordBatch(List.of(account("us", 6, "6.00", mode.name())), null));
                writer.commit();
            }
            assertThat(table(spec)).as(mode.name())
                    .containsExactly(account("us", 5, "5.00", mode.name()), account("us", 6, "6.00", mode.name()));
        }
    }

    /** PostgreSQL only: SQLite accepts any length in a varchar(8). */
    @org.junit.jupiter.api.Test
    void aBadValueFailsTheCommitAndLeavesTheTableAsItWas() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT, List.of(account("eu", 1, "1.00", "kept")));
        try (Destination destination = TestDatabases.FACTORY.openDestination(spec);
             StreamWriter writer = destination.open(new WriteRequest("accounts", ACCOUNTS, WriteMode.UPSERT))) {
            writer.write(new RecordBatch(List.of(account("eu", 1, "9.00", "changed")), null));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                // region is varchar(8): the server refuses this row
                writer.write(new RecordBatch(List.of(account("far-too-long-region", 2, "2.00", "x")), null));
                writer.commit();
            }).isInstanceOf(dev.ferry.api.FerryException.class);
            writer.abort();
        }
        assertThat(table(spec)).containsExactly(account("eu", 1, "1.00", "kept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void decimalKeysEqualByValueAreOneRowWithinABatch(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "prices");
        StreamSchema prices = new StreamSchema("prices", List.of(
                new Column("price", ColumnType.DECIMAL, false, 10, 2), Column.of("label", ColumnType.TEXT)), List.of("price"));

        TestDatabases.write(spec, "prices", prices, WriteMode.UPSERT, List.of(
                ChangeRecord.upsert(new Object[] {new BigDecimal("1.0"), "first"}),
                ChangeRecord.upsert(new Object[] {new BigDecimal("1.00"), "last"})));

        assertThat(TestDatabases.readAll(spec, "prices"))
                .containsExactly(ChangeRecord.upsert(new Object[] {new BigDecimal("1.00"), "last"}));
    }

    /**
     * Columns that exist only at the destination (people's planning notes beside a mirrored table)
     * are never overwritten or nulled by upserts of the source's columns.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite", "mariadb"})
    void destinationOwnedColumnsSurviveUpserts(String kind) {
        ConnectionSpec spec = TestDatabases.of(kind, directory, "accounts");
        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT,
                List.of(account("eu", 1, "1.00", "Ana"), account("eu", 2, "2.00", "Bo")));
        TestDatabases.execute(spec, "ALTER TABLE accounts ADD COLUMN planning_note VARCHAR(40)",
                "UPDATE accounts SET planning_note = 'call back' WHERE number = 1");

        TestDatabases.write(spec, "accounts", ACCOUNTS, WriteMode.UPSERT,
                List.of(account("eu", 1, "9.99", "Ana changed"), account("eu", 2, "2.00", "Bo"), account("eu", 3, "3.00", "new")));

        List<ChangeRecord> mirrored = table(spec).stream()
                .map(row -> ChangeRecord.upsert(java.util.Arrays.copyOf(row.values(), ACCOUNTS.columns().size()))).toList();
        assertThat(mirrored).containsExactly(account("eu", 1, "9.99", "Ana changed"), account("eu", 2, "2.00", "Bo"),
                account("eu", 3, "3.00", "new"));
        assertThat(notes(spec)).containsExactly("call back", null, null);
    }

    private static List<String> notes(ConnectionSpec spec) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(spec.url());
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("select planning_note from accounts order by number")) {
            List<String> notes = new java.util.ArrayList<>();
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
            return notes;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rowVersions(ConnectionSpec spec, String versionColumn) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(spec.url());
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(
                     "select " + versionColumn + " from accounts order by region, number")) {
            List<String> versions = new java.util.ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            return versions;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

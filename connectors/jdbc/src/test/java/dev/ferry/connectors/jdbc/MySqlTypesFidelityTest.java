package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.ferry.connectors.jdbc.FidelityEngine.MARIADB;
import static dev.ferry.connectors.jdbc.FidelityEngine.SQLITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * MySQL/MariaDB's own types, in tables made with MariaDB's DDL and filled with its SQL, moved by
 * Ferry to PostgreSQL, SQLite and MariaDB, by a full read loaded with an overwrite and by a
 * bounded read applied as upserts. Every cell either arrives as the expected value or its row
 * fails with a {@link RejectedValueException} naming table, column and key: spatial values as EWKB,
 * {@code BIT(n)} unsigned, {@code YEAR}, {@code SET}, unsigned integers and {@code DECIMAL(65,30)}
 * at their limits, each text and blob class near its limit; zero dates as the connection chose;
 * {@code TINYINT(1)} as a boolean of 0 and 1 only, or as a number when the connection says so.
 */
class MySqlTypesFidelityTest {
    private static final LocalDate STAND_IN = LocalDate.of(1970, 1, 1);

    @TempDir
    Path directory;

    /** How the rows move. */
    enum Run {
        /** A full read, loaded by overwrite (LOAD DATA, binary COPY, batched inserts). */
        FULL_LOAD(WriteMode.OVERWRITE, false),
        /** A read from a bound below every key, applied as upserts. */
        UPSERT(WriteMode.UPSERT, true);

        final WriteMode mode;
        final boolean bounded;

        Run(WriteMode mode, boolean bounded) {
            this.mode = mode;
            this.bounded = bounded;
        }
    }

    static Stream<Arguments> targets() {
        List<Arguments> targets = new ArrayList<>();
        for (Run run : Run.values()) {
            for (FidelityEngine target : FidelityEngine.values()) {
                targets.add(Arguments.of(target, run));
            }
        }
        return targets.stream();
    }

    @ParameterizedTest(name = "MariaDB -> {0}, {1}")
    @MethodSource("targets")
    void mySqlTypesArriveExactly(FidelityEngine target, Run run) {
        ConnectionSpec from = TestDatabases.mariadb();
        List<FidelityProbe> probes = Stream.concat(MySqlTypeProbes.exact().stream(), MySqlTypeProbes.spatial(from).stream())
                // SQLite keeps 15 significant digits of a number; what it does with wider decimals is
                // the SQLite destination's decimals choice, tested with that choice
                .filter(probe -> target != SQLITE || !MySqlTypeProbes.WIDE_DECIMALS.contains(probe.name()))
                .toList();
        FidelitySource.create(MARIADB, from, probes);

        assertArrivesExactly(from, FidelitySource.TABLE, target, run, expectedRows(probes));
    }

    /**
     * A query's columns are typed from the result's metadata, which names types without their
     * {@code (n)}: {@code BIT} with its width as precision, {@code tinyint(1)} as BOOLEAN, each
     * spatial type by name. They read as the table's columns do, to the same values.
     */
    @Test
    void aQueryReadsTheseTypesAsItsTableDoes() {
        ConnectionSpec from = TestDatabases.mariadb();
        List<FidelityProbe> probes = Stream.concat(MySqlTypeProbes.exact().stream(), MySqlTypeProbes.spatial(from).stream())
                .filter(probe -> !probe.name().endsWith("text") && !probe.name().endsWith("blob")).toList();
        FidelitySource.create(MARIADB, from, probes);
        StreamRef query = new StreamRef("q", null, "SELECT * FROM " + FidelitySource.TABLE, List.of("id"));

        StreamSchema table = TestDatabases.schemaOf(from, FidelitySource.TABLE);
        StreamSchema schema;
        try (var source = TestDatabases.FACTORY.openSource(from)) {
            schema = source.describe(query, List.of());
        }
        List<ChangeRecord> read = TestDatabases.readAll(from, TestDatabases.request(query, 1000));

        // the driver reports a set as CHAR as long as its longest value: a bounded string of the same text
        assertThat(schema.columns()).extracting(column -> column.name() + " " + column.type())
                .containsExactlyElementsOf(table.columns().stream()
                        .map(column -> column.name() + " " + (column.name().equals("c_set") ? ColumnType.STRING : column.type()))
                        .toList());
        SoftAssertions softly = new SoftAssertions();
        assertRows(softly, "read by a query", schema, read, expectedRows(probes), value -> value);
        softly.assertAll();
    }

    /** A zero date of each form in each temporal type fails its row by default, naming it. */
    @ParameterizedTest(name = "{0} holding {1}")
    @CsvSource({"date, 0000-00-00", "date, 2020-00-00", "date, 2020-05-00",
            "datetime, 0000-00-00 00:00:00", "datetime, 2020-00-00 00:00:00", "datetime(6), 2020-05-00 10:30:00.500000",
            "timestamp NULL DEFAULT NULL, 0000-00-00 00:00:00"})
    void aZeroDateFailsItsRowNamingTableColumnKeyAndValue(String type, String zero) {
        ConnectionSpec from = TestDatabases.mariadb();
        // the rejected column comes before the key, which must still be named
        lenient(from, "CREATE TABLE zeros (z " + type + ", id int PRIMARY KEY)",
                "INSERT INTO zeros VALUES ('2024-01-01', 1), ('" + zero + "', 2)");

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> TestDatabases.readAll(from, "zeros"));

        assertLocated(rejected, "zeros", "z", "id=2");
        assertThat(rejected).hasMessageContaining("zero date '" + zero + "'").hasMessageContaining("zero_dates");
    }

    static Stream<Arguments> zeroDateChoices() {
        return targets().flatMap(target -> Stream.of("null", STAND_IN.toString())
                .map(choice -> Arguments.of(target.get()[0], target.get()[1], choice)));
    }

    /**
     * With {@code zero_dates: null} every zero date, partial ones included, reads as null; with a
     * date, as that date (at midnight in date-times and instants); other dates are untouched.
     */
    @ParameterizedTest(name = "zero_dates: {2}, MariaDB -> {0}, {1}")
    @MethodSource("zeroDateChoices")
    void zeroDatesArriveAsTheConnectionChose(FidelityEngine target, Run run, String choice) {
        ConnectionSpec from = withOptions(TestDatabases.mariadb(), Map.of(ConnectionSpec.ZERO_DATES, choice));
        lenient(from, "CREATE TABLE zeros (id int PRIMARY KEY, d date, dt datetime(6), ts timestamp(6) NULL DEFAULT NULL)",
                "INSERT INTO zeros VALUES (1, '2024-02-29', '2024-02-29 12:34:56.123456', '2024-02-29 12:34:56.123456'),"
                        + " (2, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
                        + " (3, '2020-00-00', '2020-05-00 10:30:00', NULL),"
                        + " (4, '2020-05-00', '2020-00-00 00:00:00', '1970-01-01 00:00:01'),"
                        + " (5, NULL, NULL, NULL)");
        LocalDate standIn = choice.equals("null") ? null : STAND_IN;
        LocalDateTime midnight = standIn == null ? null : standIn.atStartOfDay();
        OffsetDateTime instant = midnight == null ? null : midnight.atOffset(ZoneOffset.UTC);

        assertArrivesExactly(from, "zeros", target, run, List.of(
                Arrays.asList(1, LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000),
                        OffsetDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000, ZoneOffset.UTC)),
                Arrays.asList(2, standIn, midnight, instant),
                Arrays.asList(3, standIn, midnight, null),
                Arrays.asList(4, standIn, midnight, OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC)),
                Arrays.asList(5, null, null, null)));
    }

    /**
     * Null chosen for a zero date in a NOT NULL column: the row fails where it is read, naming the
     * source's table, column and key, before any destination could refuse a null it did not explain.
     */
    @Test
    void nullChosenForAZeroDateInANotNullColumnFailsNamingTheSourceColumnAndKey() {
        ConnectionSpec from = withOptions(TestDatabases.mariadb(), Map.of(ConnectionSpec.ZERO_DATES, "null"));
        lenient(from, "CREATE TABLE zeros (id int PRIMARY KEY, d date NOT NULL, dt datetime NOT NULL)",
                "INSERT INTO zeros VALUES (1, '2024-01-01', '2024-01-01 00:00:00'), (2, '2024-01-02', '0000-00-00 00:00:00')");

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> TestDatabases.readAll(from, "zeros"));

        assertLocated(rejected, "zeros", "dt", "id=2");
        assertThat(rejected).hasMessageContaining("NOT NULL").hasMessageContaining("1970-01-01");
    }

    /** The declared rule: TINYINT(1) is a boolean of 0 and 1; any other value fails its row, named. */
    @ParameterizedTest
    @ValueSource(ints = {2, -1, 127, -128})
    void aTinyint1OtherThanZeroOrOneFailsItsRowNamingTheValue(int value) {
        ConnectionSpec from = TestDatabases.mariadb();
        TestDatabases.execute(from, "CREATE TABLE flags (flag tinyint(1), id int PRIMARY KEY, b boolean)",
                "INSERT INTO flags VALUES (1, 1, 0), (0, 2, 1), (" + value + ", 3, 1)");
        assertThat(TestDatabases.schemaOf(from, "flags").column("flag").type()).isEqualTo(ColumnType.BOOLEAN);

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> TestDatabases.readAll(from, "flags"));

        assertLocated(rejected, "flags", "flag", "id=3");
        assertThat(rejected).hasMessageContaining("value " + value + " ").hasMessageContaining("tinyint1: integer");
    }

    /**
     * MariaDB's time is a duration of up to 838 hours either way; the neutral TIME a time of day.
     * One outside a day fails its row, named, where the driver would have wrapped it (25:00 as 01:00).
     */
    @ParameterizedTest
    @ValueSource(strings = {"24:00:00", "25:00:00", "-01:30:00", "838:59:59", "-838:59:59"})
    void aTimeOutsideADayFailsItsRowNamingIt(String time) {
        ConnectionSpec from = TestDatabases.mariadb();
        TestDatabases.execute(from, "CREATE TABLE spans (id int PRIMARY KEY, span time(6))",
                "INSERT INTO spans VALUES (1, '23:59:59.999999'), (2, '" + time + "')");

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> TestDatabases.readAll(from, "spans"));

        assertLocated(rejected, "spans", "span", "id=2");
        assertThat(rejected).hasMessageContaining("time '" + time + ".000000' is no time of day");
    }

    /** With {@code tinyint1: integer}, TINYINT(1) and BOOLEAN columns are SMALLINTs holding every value. */
    @ParameterizedTest(name = "MariaDB -> {0}, {1}")
    @MethodSource("targets")
    void tinyint1ChosenAsIntegerArrivesAsASmallint(FidelityEngine target, Run run) {
        ConnectionSpec from = withOptions(TestDatabases.mariadb(), Map.of(ConnectionSpec.TINYINT1, "integer"));
        List<FidelityProbe> probes = List.of(
                FidelityProbe.of("c_flag", ColumnType.SMALLINT, null, "tinyint(1)", null,
                        (short) -128, (short) 127, (short) 2, (short) -1, (short) 0, (short) 1).onlyOn(MARIADB),
                FidelityProbe.of("c_bool", ColumnType.SMALLINT, null, "boolean", null,
                        (short) 1, (short) 0, (short) 5, (short) -5, (short) 100, (short) -100).onlyOn(MARIADB),
                // BIT(1) holds nothing but 0 and 1: still a boolean
                FidelityProbe.of("c_bit", ColumnType.BOOLEAN, null, "bit(1)", null, true, false, true, false, true, false)
                        .onlyOn(MARIADB).input(v -> new byte[] {(byte) ((Boolean) v ? 1 : 0)}));
        FidelitySource.create(MARIADB, from, probes);

        assertArrivesExactly(from, FidelitySource.TABLE, target, run, expectedRows(probes));
    }

    /**
     * MariaDB as a destination: an unbounded decimal becomes decimal(65,30), which MariaDB would
     * silently round past 30 places (a note, even in strict mode). Such a value fails the write by
     * either path and nothing lands; 30 places arrive exactly.
     */
    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aDecimalWithMorePlacesThanMariaDbKeepsFailsInsteadOfBeingRounded(WriteMode mode) {
        ConnectionSpec from = TestDatabases.postgres();
        ConnectionSpec to = TestDatabases.mariadb();
        BigDecimal thirty = new BigDecimal("-12345." + "0".repeat(29) + "1");
        TestDatabases.execute(from, "CREATE TABLE amounts (id integer PRIMARY KEY, amount numeric)",
                "INSERT INTO amounts VALUES (1, " + thirty.toPlainString() + "), (2, 1." + "0".repeat(30) + "1)");
        StreamSchema schema = TestDatabases.schemaOf(from, "amounts");
        List<ChangeRecord> read = TestDatabases.readAll(from, "amounts");
        TestDatabases.write(to, "copied", schema, mode, List.of());

        Throwable refused = catchThrowableOfType(RuntimeException.class, () -> TestDatabases.write(to, "copied", schema, mode, read));
        assertThat(refused).hasMessageContaining("amount");
        if (mode == WriteMode.UPSERT) {
            // refused before the statement is sent, so the row is named; LOAD DATA is refused by the server
            assertThat(refused).isInstanceOf(RejectedValueException.class)
                    .hasMessage("table copied, column amount, row id=2: MariaDB's decimal(65,30) cannot store 1."
                            + "0".repeat(30) + "1 without rounding or overflow");
        }
        assertThat(TestDatabases.readAll(to, "copied")).isEmpty();

        TestDatabases.write(to, "copied", schema, mode, read.subList(0, 1));
        assertThat(TestDatabases.readAll(to, "copied")).extracting(record -> record.value(1)).containsExactly(thirty);
    }

    /** Each row of a probe table: the key, then each probe's value as Ferry reads it from MariaDB. */
    private static List<List<Object>> expectedRows(List<FidelityProbe> probes) {
        List<List<Object>> rows = new ArrayList<>();
        for (int row = 0; row <= FidelityProbes.VALUE_ROWS; row++) {
            List<Object> values = new ArrayList<>();
            values.add(row + 1);
            for (FidelityProbe probe : probes) {
                values.add(probe.readFrom(MARIADB, row));
            }
            rows.add(values);
        }
        return rows;
    }

    /**
     * Reads {@code table} (its first column the integer key {@code id}) and checks each cell against
     * {@code expected}, moves the rows to a table Ferry creates on {@code target}, and checks them there
     * again: same columns, each of the type {@code target} keeps for the read type, the same values.
     */
    private void assertArrivesExactly(ConnectionSpec from, String table, FidelityEngine target, Run run,
                                      List<List<Object>> expected) {
        StreamSchema schema = TestDatabases.schemaOf(from, table);
        List<ChangeRecord> read = read(from, table, run);
        ConnectionSpec to = TestDatabases.of(target.kind(), directory, "target");
        TestDatabases.write(to, "copied", schema, run.mode, read);
        StreamSchema copiedSchema = TestDatabases.schemaOf(to, "copied");
        List<ChangeRecord> copied = TestDatabases.readAll(to, "copied");

        SoftAssertions softly = new SoftAssertions();
        for (var column : schema.columns()) {
            var created = copiedSchema.column(column.name());
            softly.assertThat(created.type()).as("%s created on %s reads as", column.name(), target)
                    .isEqualTo(target.storesAs(column.type()));
            if (column.type() == ColumnType.DECIMAL) {
                softly.assertThat(List.of(created.precision(), created.scale())).as("%s precision and scale on %s", column.name(), target)
                        .isEqualTo(List.of(column.precision(), column.scale()));
            }
        }
        assertRows(softly, "read from MariaDB", schema, read, expected, value -> value);
        assertRows(softly, "arrived on " + target, copiedSchema, copied, expected, value -> FidelityProbe.arrivedAt(target, value));
        softly.assertAll();
    }

    private static void assertRows(SoftAssertions softly, String stage, StreamSchema schema, List<ChangeRecord> records,
                                   List<List<Object>> expected, java.util.function.UnaryOperator<Object> arrival) {
        List<ChangeRecord> sorted = records.stream()
                .sorted(Comparator.comparingLong(record -> ((Number) record.value(0)).longValue())).toList();
        softly.assertThat(sorted).as(stage + ": rows").hasSize(expected.size());
        for (int row = 0; row < Math.min(sorted.size(), expected.size()); row++) {
            List<Object> want = expected.get(row);
            softly.assertThat(((Number) sorted.get(row).value(0)).longValue()).as(stage + ": key").isEqualTo(((Number) want.get(0)).longValue());
            for (int c = 1; c < want.size(); c++) {
                Object wanted = arrival.apply(want.get(c));
                Object actual = sorted.get(row).value(c);
                // deepEquals, not a looser comparison: classes, scales and bytes must all match
                softly.assertThat(Objects.deepEquals(actual, wanted))
                        .as("%s, row %d, %s: expected %s but was %s", stage, row + 1, schema.columns().get(c).name(),
                                describe(wanted), describe(actual))
                        .isTrue();
            }
        }
    }

    /** A value for a message: short ones whole with their class, long ones by length. */
    private static String describe(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length <= 64 ? "0x" + HexFormat.of().formatHex(bytes) : bytes.length + " bytes";
        }
        return value == null ? "null" : RejectedValueException.shorten(value) + " (" + value.getClass().getSimpleName() + ")";
    }

    /** A full read, or a read from a bound below every key, which orders by it. */
    private static List<ChangeRecord> read(ConnectionSpec spec, String table, Run run) {
        StreamRef stream = StreamRef.ofObject(table, table);
        if (!run.bounded) {
            return TestDatabases.readAll(spec, TestDatabases.request(stream, 1000));
        }
        return TestDatabases.readAll(spec, new ReadRequest(stream, List.of(), "id",
                new Checkpoint.CursorValue("id", ColumnType.INTEGER, 0), Lookback.NONE, 3));
    }

    private static void assertLocated(RejectedValueException rejected, String table, String column, String key) {
        assertThat(rejected).as("a rejection").isNotNull();
        assertThat(List.of(String.valueOf(rejected.table()), rejected.column(), String.valueOf(rejected.key())))
                .as(rejected.getMessage()).containsExactly(table, column, key);
        assertThat(rejected).hasMessageStartingWith("table " + table + ", column " + column + ", row " + key + ": ");
    }

    /** Runs statements in a session without strict or zero-date checks, as servers that hold zero dates run. */
    private static void lenient(ConnectionSpec spec, String... statements) {
        String[] all = new String[statements.length + 2];
        all[0] = "SET SESSION sql_mode = ''";
        all[1] = "SET time_zone = '+00:00'";
        System.arraycopy(statements, 0, all, 2, statements.length);
        TestDatabases.execute(spec, all);
    }

    private static ConnectionSpec withOptions(ConnectionSpec spec, Map<String, String> options) {
        return new ConnectionSpec(spec.name(), spec.type(), spec.url(), spec.user(), spec.password(), spec.properties(), options);
    }
}

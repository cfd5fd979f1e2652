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

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The rule every cell of the type fidelity matrix obeys: a value either arrives exactly, or the
 * write refuses its row with a {@link RejectedValueException} that names the table, the column and
 * the row's key, and nothing of it lands. Any third outcome fails the test: a changed value, an
 * error that does not name the row (a driver's or server's own), a read that fails.
 */
final class FidelityRule {

    /** The two outcomes the rule allows. */
    enum Outcome {
        /** The value arrived and reads back exactly. */
        ARRIVED,
        /** The row was refused, naming table, column and key, and the table holds nothing of it. */
        REFUSED
    }

    private FidelityRule() {
    }

    /**
     * Writes {@code read} (one or more rows read from a source, in {@code schema}) to a table
     * {@code table} Ferry creates on {@code target}, and judges the cell of {@code column}.
     *
     * @param expected the value {@code column} must hold on {@code target} after the trip, for the
     *                 row whose key is first in {@code read}
     * @return the outcome, which is one of the two the rule allows; any other fails with an
     *         {@link AssertionError} naming the cell
     */
    static Outcome judge(String cell, ConnectionSpec target, String table, StreamSchema schema, WriteMode mode,
                         List<ChangeRecord> read, String column, Object expected) {
        TestDatabases.write(target, table, schema, mode, List.of());
        try {
            TestDatabases.write(target, table, schema, mode, read);
        } catch (RuntimeException failure) {
            RejectedValueException rejected = rejectionBehind(failure);
            if (rejected == null) {
                throw new AssertionError(cell + ": the write failed with an error that names no row: " + failure, failure);
            }
            String key = schema.describeKey(read.getFirst().values());
            if (!table.equals(rejected.table()) || !column.equals(rejected.column()) || !key.equals(rejected.key())
                    || !rejected.getMessage().contains(table) || !rejected.getMessage().contains(key)) {
                throw new AssertionError(cell + ": the refusal should name table " + table + ", column " + column
                        + " and row " + key + ", but says: " + rejected.getMessage(), rejected);
            }
            List<ChangeRecord> left = TestDatabases.readAll(target, table);
            if (!left.isEmpty()) {
                throw new AssertionError(cell + ": the refused row's write left " + left.size() + " row(s) behind");
            }
            return Outcome.REFUSED;
        }
        List<ChangeRecord> copied = TestDatabases.readAll(target, table);
        if (copied.size() != read.size()) {
            throw new AssertionError(cell + ": " + read.size() + " row(s) written, " + copied.size() + " read back");
        }
        StreamSchema copiedSchema = TestDatabases.schemaOf(target, table);
        Object actual = copied.getFirst().value(copiedSchema.indexOf(column));
        if (!sameValue(expected, actual)) {
            throw new AssertionError(cell + ": the value changed: " + describe(expected) + " arrived as " + describe(actual));
        }
        return Outcome.ARRIVED;
    }

    /**
     * One edge cell whole: reads {@code edge}'s table (named {@link FidelityEdge#table()}, already
     * made on {@code from}, for example by {@link FidelitySource#createOne}) as {@code run} reads,
     * checks that the value read is the one the edge declares for {@code source}, writes it to
     * table {@code copied} on {@code to}, and checks that the outcome is the allowed one the edge
     * declares for {@code target}.
     *
     * @throws AssertionError naming the cell, on any other outcome
     */
    static void checkEdge(FidelityEdge edge, FidelityEngine source, ConnectionSpec from, FidelityTarget target,
                          ConnectionSpec to, String copied, TypeFidelityMatrixTest.Run run) {
        String cell = cell(edge, source, target, run);
        StreamSchema schema = TestDatabases.schemaOf(from, edge.table());
        List<ChangeRecord> read = read(from, edge.table(), schema, run);
        Object readValue = read.size() == 1 ? read.getFirst().value(schema.indexOf(edge.name())) : read;
        if (!sameValue(edge.readFrom(source), readValue)) {
            throw new AssertionError(cell + ": read " + describe(readValue) + " from " + source + ", expected "
                    + describe(edge.readFrom(source)));
        }
        Outcome outcome = judge(cell, to, copied, schema, run.mode, read, edge.name(),
                FidelityProbe.arrivedAt(target.engine(), edge.readFrom(source)));
        Outcome promised = edge.isRefusedBy(target) ? Outcome.REFUSED : Outcome.ARRIVED;
        if (outcome != promised) {
            throw new AssertionError(cell + ": " + outcome + ", but the matrix promises " + promised);
        }
    }

    /** How messages name a cell: {@code c_date_bc POSTGRESQL -> mariadb (ZONED_UPSERT)}. */
    static String cell(FidelityEdge edge, FidelityEngine source, FidelityTarget target, TypeFidelityMatrixTest.Run run) {
        return edge.name() + " " + source + " -> " + target + " (" + run + ")";
    }

    /** The first {@link RejectedValueException} in {@code failure}'s causes, or null. */
    static RejectedValueException rejectionBehind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedValueException rejected) {
                return rejected;
            }
        }
        return null;
    }

    /** {@code equals}, not a looser comparison: decimals keep their scale, instants their offset; bytes by content. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof byte[] bytes) {
            return actual instanceof byte[] got && Arrays.equals(bytes, got);
        }
        return Objects.equals(expected, actual);
    }

    private static String describe(Object value) {
        return value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    /**
     * Reads a table as a run reads it: {@link TypeFidelityMatrixTest.Run#FULL_LOAD} in full
     * (PostgreSQL: binary COPY), {@link TypeFidelityMatrixTest.Run#ZONED_UPSERT} from a bound below
     * every key (the JDBC result set path), in batches of 3.
     */
    static List<ChangeRecord> read(ConnectionSpec spec, String table, StreamSchema schema, TypeFidelityMatrixTest.Run run) {
        StreamRef stream = StreamRef.ofObject(table, table);
        if (!run.zonedSessions) {
            return TestDatabases.readAll(spec, TestDatabases.request(stream, 1000));
        }
        ColumnType keyType = schema.column("id").type();
        Object zero = keyType == ColumnType.BIGINT ? (Object) 0L : (Object) 0;
        return TestDatabases.readAll(spec, new ReadRequest(stream, List.of(), "id",
                new Checkpoint.CursorValue("id", keyType, zero), Lookback.NONE, 3));
    }
}

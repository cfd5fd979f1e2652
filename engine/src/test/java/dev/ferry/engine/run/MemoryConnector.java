package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
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
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A connector over Java collections, to test the runner's contract on its own: a source of rows
 * {@code (id BIGINT, version BIGINT, payload TEXT)} ordered by {@code version}, and a destination
 * table that shows only what was committed. Either side can be told to fail.
 */
final class MemoryConnector implements ConnectorFactory {
    static final StreamSchema SCHEMA = new StreamSchema("items", List.of(
            new dev.ferry.api.Column("id", ColumnType.BIGINT, false, 0, 0),
            new dev.ferry.api.Column("version", ColumnType.BIGINT, false, 0, 0),
            dev.ferry.api.Column.of("payload", ColumnType.TEXT)), List.of("id"));

    final List<Object[]> sourceRows = new ArrayList<>();
    final Map<Long, Object[]> committed = new LinkedHashMap<>();
    int commits;
    /** Fails a write when given the number of the batch (1-based) about to be written. */
    IntPredicate failWriteAt = batch -> false;
    /** Whether write failures are retriable (a lost connection) rather than final. */
    boolean failWriteRetriable;
    /** Every row the destination was given to write, committed or not, in order. */
    final List<Object[]> writes = new ArrayList<>();
    /** Rows the destination refuses for their data, as a database refuses a value out of range. */
    java.util.function.Predicate<Object[]> refuses = row -> false;
    /** Whether the writer offers isolated writes, as the JDBC writers do. */
    boolean isolates = true;
    /** Isolated writes tried, refused ones included. */
    int isolatedWrites;
    /** Fails a read with a retriable error when given the number of the batch (1-based) about to be read. */
    IntPredicate failReadAt = batch -> false;
    boolean failReadRetriable;
    /** The last write request a stream opened: the schema it writes. */
    WriteRequest lastWrite;
    private int batchesWritten;
    private int batchesRead;

    void addRows(int count, long version) {
        int start = sourceRows.size();
        for (int i = 0; i < count; i++) {
            sourceRows.add(new Object[] {(long) (start + i + 1), version, "payload " + (start + i + 1)});
        }
    }

    @Override
    public Set<String> types() {
        return Set.of("memory");
    }

    @Override
    public String typeForUrl(String url) {
        return url.startsWith("memory:") ? "memory" : null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        return new Source() {
            @Override
            public void check() {
            }

            @Override
            public List<DiscoveredStream> discover() {
                return List.of(new DiscoveredStream("items", DiscoveredStream.Kind.TABLE, SCHEMA));
            }

            @Override
            public StreamSchema describe(StreamRef stream, List<String> columns) {
                return SCHEMA;
            }

            @Override
            public java.util.OptionalLong estimateRows(StreamRef stream) {
                return java.util.OptionalLong.of(sourceRows.size());
            }

            @Override
            public StreamReader open(ReadRequest request) {
                return reader(request);
            }

            @Override
            public void close() {
            }
        };
    }

    private StreamReader reader(ReadRequest request) {
        long from = request.resumeFrom() instanceof Checkpoint.CursorValue cv
                ? (Long) request.lookback().lowerBound(cv.value()) : Long.MIN_VALUE;
        List<Object[]> rows = sourceRows.stream().filter(r -> (Long) r[1] >= from)
                .sorted((a, b) -> Long.compare((Long) a[1], (Long) b[1])).toList();
        return new StreamReader() {
            private int position;

            @Override
            public StreamSchema schema() {
                return SCHEMA;
            }

            @Override
            public RecordBatch next() {
                if (position >= rows.size()) {
                    return null;
                }
                if (failReadAt.test(++batchesRead)) {
                    throw failReadRetriable ? new dev.ferry.api.RetriableException("source went away")
                            : new FerryException("source broke");
                }
                List<ChangeRecord> records = new ArrayList<>();
                Object[] last = null;
                while (position < rows.size() && records.size() < request.batchSize()) {
                    last = rows.get(position++).clone();
                    records.add(ChangeRecord.upsert(last));
                }
                Checkpoint checkpoint = request.isIncremental()
                        ? new Checkpoint.CursorValue("version", ColumnType.BIGINT, last[1]) : null;
                return new RecordBatch(records, checkpoint);
            }

            @Override
            public void cancel() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Destination openDestination(ConnectionSpec spec) {
        return new Destination() {
            @Override
            public void check() {
            }

            @Override
            public StreamWriter open(WriteRequest request) {
                return writer(request);
            }

            @Override
            public void close() {
            }
        };
    }

    private StreamWriter writer(WriteRequest request) {
        lastWrite = request;
        return new StreamWriter() {
            private final List<ChangeRecord> staged = new ArrayList<>();
            private boolean truncate = request.mode() == WriteMode.OVERWRITE;

            @Override
            public boolean isolatesRows() {
                return isolates;
            }

            @Override
            public void writeIsolated(RecordBatch batch) {
                isolatedWrites++;
                for (ChangeRecord record : batch.records()) {
                    if (refuses.test(record.values())) {
                        throw new dev.ferry.api.RowsRefusedException("memory table refuses row id=" + record.values()[0],
                                null);
                    }
                }
                write(batch);
            }

            @Override
            public void write(RecordBatch batch) {
                for (ChangeRecord record : batch.records()) {
                    if (refuses.test(record.values())) {
                        throw new FerryException("memory table refuses row id=" + record.values()[0]);
                    }
                }
                if (failWriteAt.test(++batchesWritten)) {
                    String message = "destination broke at batch " + batchesWritten;
                    throw failWriteRetriable ? new dev.ferry.api.RetriableException(message) : new FerryException(message);
                }
                staged.addAll(batch.records());
                batch.records().forEach(r -> writes.add(r.values()));
            }

            /** Counts as a database that leaves equal rows alone would. */
            @Override
            public WriteCounts commit() {
                if (truncate) {
                    committed.clear();
                    truncate = false;
                }
                long inserted = 0;
                long updated = 0;
                long unchanged = 0;
                long deleted = 0;
                for (ChangeRecord record : staged) {
                    Object[] row = record.values();
                    if (record.operation() == dev.ferry.api.Operation.DELETE) {
                        deleted += committed.remove((Long) row[0]) != null ? 1 : 0;
                        continue;
                    }
                    Object[] before = committed.put((Long) row[0], row);
                    if (before == null) {
                        inserted++;
                    } else if (java.util.Arrays.deepEquals(before, row)) {
                        unchanged++;
                    } else {
                        updated++;
                    }
                }
                staged.clear();
                commits++;
                return new WriteCounts(inserted, updated, unchanged, deleted);
            }

            @Override
            public void abort() {
                staged.clear();
            }

            @Override
            public void close() {
                staged.clear();
            }
        };
    }
}

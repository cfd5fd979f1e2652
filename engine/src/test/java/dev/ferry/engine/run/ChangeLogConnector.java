package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source with a change log, as the engine's tests need one: a table of {@code id, name} and the
 * log of every change made to it. A read without a position is a snapshot of the table, ending at the
 * log's current position; a read from a position gives the log's changes after it, deletes as
 * delete records with the key only. Positions are {@code seq:N}.
 */
final class ChangeLogConnector implements ConnectorFactory {
    static final StreamSchema SCHEMA = new StreamSchema("people", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            new Column("name", ColumnType.STRING, true, 0, 0)), List.of("id"));

    final Map<Long, String> table = new LinkedHashMap<>();
    final List<ChangeRecord> log = new ArrayList<>();
    /** Whether the source says it reads changes; false to be a source without a change log. */
    boolean readsChanges = true;

    void upsert(long id, String name) {
        table.put(id, name);
        log.add(ChangeRecord.upsert(new Object[] {id, name}));
    }

    void delete(long id) {
        table.remove(id);
        log.add(ChangeRecord.delete(new Object[] {id, null}));
    }

    @Override
    public Set<String> types() {
        return Set.of("changelog");
    }

    @Override
    public String typeForUrl(String url) {
        return url.startsWith("changelog:") ? "changelog" : null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        return new Source() {
            @Override
            public void check() {
            }

            @Override
            public List<DiscoveredStream> discover() {
                return List.of(new DiscoveredStream("people", DiscoveredStream.Kind.TABLE, SCHEMA));
            }

            @Override
            public StreamSchema describe(StreamRef stream, List<String> columns) {
                return SCHEMA;
            }

            @Override
            public boolean readsChanges() {
                return readsChanges;
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
        List<ChangeRecord> records = new ArrayList<>();
        int from;
        if (request.resumeFrom() == null) {
            table.forEach((id, name) -> records.add(ChangeRecord.upsert(new Object[] {id, name})));
            from = log.size();
        } else {
            from = Integer.parseInt(((Checkpoint.LogPosition) request.resumeFrom()).position().substring(4));
            records.addAll(log.subList(from, log.size()));
        }
        int end = log.size();
        int batchSize = request.batchSize();
        return new StreamReader() {
            private int position;

            @Override
            public StreamSchema schema() {
                return SCHEMA;
            }

            @Override
            public RecordBatch next() {
                if (position >= records.size()) {
                    return null;
                }
                int stop = Math.min(records.size(), position + batchSize);
                List<ChangeRecord> batch = List.copyOf(records.subList(position, stop));
                position = stop;
                // A snapshot's position is known only at its end; changes carry theirs batch by batch.
                int logPosition = request.resumeFrom() == null ? (stop == records.size() ? end : -1) : from + stop;
                return new RecordBatch(batch, logPosition < 0 ? null : new Checkpoint.LogPosition("seq:" + logPosition));
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
        throw new UnsupportedOperationException("a source only");
    }
}

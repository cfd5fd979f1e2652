package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.FerryException;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.transform.BoundChain;
import dev.ferry.engine.transform.TransformContext;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A few source rows of a stream next to what its transforms make of them, with each row's error:
 * what {@code ferry preview} and the dashboard's mapping preview show. Reads from the start of the
 * source (no checkpoint), writes nothing, and touches no state.
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class StreamPreview {
    /** The most rows a preview reads: a preview is for looking, not for loading. */
    public static final int MAX_ROWS = 1_000;

    private StreamPreview() {
    }

    /**
     * One source row and what became of it.
     *
     * @param source      the values as read, in {@link Result#sourceSchema()} order
     * @param transformed the values to be written, in {@link Result#outputSchema()} order; null when a
     *                    transform left the row out or rejected a value
     * @param error       why a value was rejected, naming the column; null when none was
     */
    public record Row(Object[] source, Object[] transformed, String error) {
        public boolean droppedByFilter() {
            return transformed == null && error == null;
        }
    }

    /** The schemas on both sides and the rows. */
    public record Result(String stream, StreamSchema sourceSchema, StreamSchema outputSchema, List<Row> rows) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Previews {@code limit} rows of {@code stream}.
     *
     * @throws FerryException when the source cannot be read or the transforms cannot take its schema
     */
    public static Result of(PipelineConfig pipeline, StreamConfig stream, int limit, ConnectorRegistry connectors) {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new IllegalArgumentException("A preview shows 1 to " + MAX_ROWS + " rows, not " + limit);
        }
        try (Source source = connectors.openSource(pipeline.sourceConnection())) {
            StreamSchema schema = source.describe(stream.toRef(), stream.columns());
            BoundChain chain = bind(stream, schema,
                    TransformContext.forRun(ConnectedLookupTables.forRun(connectors, pipeline)));
            ReadRequest read = new ReadRequest(stream.toRef(), stream.columns(), null, null, Lookback.NONE,
                    Math.min(limit, pipeline.batchSize()));
            String table = stream.table() != null ? stream.table() : "query of stream " + stream.name();
            List<Row> rows = new ArrayList<>(limit);
            try (StreamReader reader = source.open(read)) {
                while (rows.size() < limit) {
                    RecordBatch batch = reader.next();
                    if (batch == null) {
                        break;
                    }
                    for (ChangeRecord record : batch.records()) {
                        if (rows.size() == limit) {
                            break;
                        }
                        rows.add(preview(chain, record.values(), table));
                    }
                }
                reader.cancel();
            }
            return new Result(stream.name(), schema, chain.output(), rows);
        }
    }

    private static BoundChain bind(StreamConfig stream, StreamSchema schema, TransformContext context) {
        try {
            return stream.transforms().bind(schema, context);
        } catch (TransformDefinitionException e) {
            throw new FerryException("Stream " + stream.name() + ": " + e.getMessage(), e);
        }
    }

    private static Row preview(BoundChain chain, Object[] values, String table) {
        Object[] source = Arrays.copyOf(values, values.length);
        try {
            return new Row(source, chain.apply(values, table), null);
        } catch (RejectedValueException e) {
            return new Row(source, null, e.getMessage());
        }
    }
}

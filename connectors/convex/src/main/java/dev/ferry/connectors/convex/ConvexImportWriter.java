package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;

import java.util.List;

/**
 * Writes a stream into a Convex table through the streaming import API
 * ({@code import_airbyte_records}), records encoded by {@link ImportValueEncoder} (a null as
 * {@code null}, every column present) and sent in bodies under the limit ({@link PendingBatch}).
 *
 * <p>With a key, a record whose key exists in the table replaces the whole document, fields it
 * lacks included (Convex's import replaces, it does not merge); that makes a request safe to send
 * again, so it is retried like a read. Without a key records are appended, and a request whose
 * answer was lost is not sent again (it may have been applied).
 *
 * <p>What the import API cannot do, and what follows:
 * <ul>
 *   <li>No deletes: a delete record fails the stream, naming the table and key (deletes need the
 *       mutation path, {@link ConvexMutationWriter}).</li>
 *   <li>No transaction across requests: each request is applied on its own once answered, so
 *       {@link #commit()} sends what is pending and returns what was imported since the last
 *       commit (every record counted as inserted: Convex does not say which replaced a document),
 *       and {@link #abort()} only drops what was not sent; records already imported stay, uncounted,
 *       and a replay imports them again, which by key changes nothing.</li>
 *   <li>{@link WriteMode#OVERWRITE} calls {@code clear_tables} before its first import (or at
 *       commit when nothing came). Convex swaps in an empty table, so readers of the streaming
 *       export see no delete deltas for the cleared documents (UNCONFIRMED by observation), and a
 *       run that fails after the clear leaves the table cleared and partly imported until the next
 *       run; {@code replace_tables}, which would swap atomically, is refused by Convex.</li>
 * </ul>
 */
final class ConvexImportWriter implements StreamWriter {
    static final String IMPORT = "/api/streaming_import/import_airbyte_records";
    static final String CLEAR = "/api/streaming_import/clear_tables";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConvexApi api;
    private final String connection;
    private final String table;
    private final StreamSchema schema;
    private final WriteMode mode;
    private final PendingBatch pending;
    private boolean cleared;
    private long imported;

    ConvexImportWriter(ConvexApi api, String connection, String table, StreamSchema schema, WriteMode mode,
                       ImportSettings settings) {
        this.api = api;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.mode = mode;
        ObjectNode tables = JSON.createObjectNode();
        tables.set(table, ImportTableSpec.of(schema));
        this.pending = PendingBatch.forImport(JsonBytes.of(tables), settings.bodyLimit(), settings.maxRecords());
        this.cleared = mode != WriteMode.OVERWRITE;
    }

    @Override
    public void write(RecordBatch batch) {
        for (ChangeRecord record : batch.records()) {
            PendingBatch.Message message = encode(record);
            if (!pending.fits(message)) {
                if (pending.isEmpty()) {
                    throw new FerryException(where() + ", row " + message.key() + ": the record makes an import body of "
                            + pending.aloneSize(message) + " bytes, over the streaming import's limit; Convex documents "
                            + "hold at most 1 MiB");
                }
                send(pending.drain());
            }
            pending.add(message);
        }
    }

    private PendingBatch.Message encode(ChangeRecord record) {
        Object[] values = record.values();
        String key = schema.describeKey(values);
        if (record.operation() == Operation.DELETE) {
            throw new FerryException(where() + ", row " + key + ": a delete record, but Convex's streaming import cannot "
                    + "delete documents; deletes need the mutation path (properties: write: mutation)");
        }
        ObjectNode data = JSON.createObjectNode();
        List<Column> columns = schema.columns();
        try {
            for (int i = 0; i < columns.size(); i++) {
                Object value = values[i];
                data.set(columns.get(i).name(), value == null ? data.nullNode() : ImportValueEncoder.encode(columns.get(i), value));
            }
        } catch (RejectedValueException e) {
            throw e.locatedAt(table, key);
        }
        ObjectNode message = JSON.createObjectNode().put("tableName", table);
        message.set("data", data);
        return new PendingBatch.Message(JsonBytes.of(message), key);
    }

    /**
     * Sends the messages as one request. When Convex refuses it as a bad request (400: a body over
     * its limit, which it answers as {@code BadJsonBody}, or a record it cannot take), the halves are
     * sent on their own, down to the one record at fault, which fails located. Other refusals (a key
     * without the import permission, a route the deployment lacks) fail at once.
     */
    private void send(List<PendingBatch.Message> messages) {
        clearOnce();
        try {
            api.send("POST", IMPORT, pending.body(messages), schema.hasKey() ? ConvexApi.Retry.ALWAYS
                    : ConvexApi.Retry.RATE_LIMITED_ONLY);
            imported += messages.size();
        } catch (ConvexError.Answered e) {
            if (e.error().status() != 400) {
                throw new FerryException(where() + ": importing " + messages.size() + " records failed: " + e.getMessage(), e);
            }
            if (messages.size() == 1) {
                throw new FerryException(where() + ", row " + messages.getFirst().key() + ": Convex refused the record: "
                        + e.error().describe(), e);
            }
            int half = messages.size() / 2;
            send(messages.subList(0, half));
            send(messages.subList(half, messages.size()));
        }
    }

    private void clearOnce() {
        if (!cleared) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("tableNames").add(table);
            api.send("PUT", CLEAR, JsonBytes.of(body), ConvexApi.Retry.ALWAYS);
            cleared = true;
        }
    }

    @Override
    public WriteCounts commit() {
        if (!pending.isEmpty()) {
            send(pending.drain());
        }
        clearOnce();
        WriteCounts counts = new WriteCounts(imported, 0, 0, 0);
        imported = 0;
        return counts;
    }

    /** Drops what was not sent; what Convex imported stays (the import API has no transaction). */
    @Override
    public void abort() {
        pending.drain();
        imported = 0;
    }

    @Override
    public void close() {
        abort();
    }

    private String where() {
        return "Convex connection " + connection + ", table " + table;
    }

}

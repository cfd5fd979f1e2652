package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a stream into a Convex table through the user's own mutations
 * ({@code sync:upsertBatch({authKey, table, keyField, records})} and
 * {@code sync:deleteBatch({authKey, table, keyField, keys})}, the shipped {@code sync.ts}), called
 * over the HTTP functions API with values in Convex's JSON encoding ({@link FunctionValueEncoder}).
 *
 * <p>Batches: consecutive upserts go together, as do consecutive deletes, so the order of a
 * stream's changes is kept; a batch holds at most {@code batch_rows} records and its body stays
 * under {@link MutationSettings#argumentBytes()}. A call Convex refuses for outgrowing a
 * transaction's limits ({@link FunctionCall.Failed#isOverALimit()}), or as a body too large
 * (HTTP 400), is sent again as two halves, down to the one record at fault, which fails located.
 * Any other refusal (the auth key, a missing function or index) fails at once.
 *
 * <p>Each call is a transaction of its own: {@link #commit()} sends what is pending and returns
 * what the calls since the last commit reported (inserted, updated, deleted); {@link #abort()}
 * drops what was not sent. A replay after a crash calls again with the same records, which by key
 * leaves the table as it was.
 *
 * <p>Documents the source no longer has ({@code deletes: hard} with a full read, and
 * {@code write: overwrite}) are found by reading the table's keys through the streaming export
 * ({@link TableKeys}, with the deploy key) and comparing them with the keys this writer wrote or
 * was told to keep.
 */
final class ConvexMutationWriter implements StreamWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConvexApi api;
    private final String connection;
    private final String table;
    private final StreamSchema schema;
    private final WriteMode mode;
    private final MutationSettings settings;
    private final FunctionValueEncoder encoder;
    private final String keyField;
    private final int keyIndex;
    private final boolean tracksKeys;
    private final PendingBatch upserts;
    private final PendingBatch deletes;
    /** Which of the two batches holds records now; the other is empty. */
    private PendingBatch filling;
    private final Set<String> seen = new HashSet<>();
    private List<JsonNode> unseen;
    private long inserted;
    private long updated;
    private long deleted;

    /**
     * @param tracksKeys whether the writer notes the keys it writes, to remove the others
     *                   ({@link #removeUnseen}); true for deletes of missing rows and for overwrites
     */
    ConvexMutationWriter(ConvexApi api, String connection, String table, StreamSchema schema, WriteMode mode,
                         boolean tracksKeys, MutationSettings settings) {
        this.api = api;
        this.connection = connection;
        this.table = table;
        this.schema = schema;
        this.mode = mode;
        this.settings = settings;
        this.encoder = new FunctionValueEncoder(settings.int64());
        this.keyField = schema.keyColumns().getFirst();
        this.keyIndex = schema.indexOf(keyField);
        this.tracksKeys = tracksKeys || mode == WriteMode.OVERWRITE;
        this.upserts = batch(settings.upsertFunction(), "records");
        this.deletes = batch(settings.deleteFunction(), "keys");
    }

    /** {@code {"path": function, "format": "json", "args": {authKey, table, keyField, <array>: [}} … {@code ]}}}. */
    private PendingBatch batch(String function, String arrayName) {
        ObjectNode args = JSON.createObjectNode().put("authKey", settings.authKey()).put("table", table).put("keyField", keyField);
        String argsJson = JsonBytes.text(args);
        String head = "{\"path\":" + JSON.getNodeFactory().textNode(function) + ",\"format\":\"json\",\"args\":"
                + argsJson.substring(0, argsJson.length() - 1) + ",\"" + arrayName + "\":[";
        return new PendingBatch(PendingBatch.utf8(head), PendingBatch.utf8("]}}"), settings.argumentBytes(),
                settings.batchRows());
    }

    @Override
    public void write(RecordBatch batch) {
        for (ChangeRecord record : batch.records()) {
            boolean delete = record.operation() == Operation.DELETE;
            PendingBatch target = delete ? deletes : upserts;
            PendingBatch.Message message = delete ? encodeKey(record.values()) : encodeRecord(record.values());
            if (filling != null && filling != target) {
                flush();
            }
            if (!target.fits(message)) {
                if (target.isEmpty()) {
                    throw new FerryException(where() + ", row " + message.key() + ": the record makes a call of "
                            + target.aloneSize(message) + " bytes, over the " + settings.argumentBytes() + " a call is "
                            + "given; Convex documents hold at most 1 MiB");
                }
                flush();
            }
            target.add(message);
            filling = target;
        }
    }

    private PendingBatch.Message encodeRecord(Object[] values) {
        String key = schema.describeKey(values);
        ObjectNode data = JSON.createObjectNode();
        List<Column> columns = schema.columns();
        try {
            for (int i = 0; i < columns.size(); i++) {
                Object value = values[i];
                if (value != null) {
                    data.set(columns.get(i).name(), encoder.encode(columns.get(i), value));
                } else if (!settings.omitNulls()) {
                    data.putNull(columns.get(i).name());
                }
            }
        } catch (RejectedValueException e) {
            throw e.locatedAt(table, key);
        }
        JsonNode keyValue = data.get(keyField);
        if (keyValue == null || keyValue.isNull()) {
            throw new FerryException(where() + ", row " + key + ": key column " + keyField + " is null; the functions "
                    + "find documents by it");
        }
        if (tracksKeys) {
            seen.add(TableKeys.identity(keyValue));
        }
        return new PendingBatch.Message(JsonBytes.of(data), key);
    }

    private PendingBatch.Message encodeKey(Object[] values) {
        String key = schema.describeKey(values);
        Object value = values[keyIndex];
        if (value == null) {
            throw new FerryException(where() + ", row " + key + ": a delete record without its key " + keyField);
        }
        try {
            return new PendingBatch.Message(JsonBytes.of(encoder.encode(schema.columns().get(keyIndex), value)), key);
        } catch (RejectedValueException e) {
            throw e.locatedAt(table, key);
        }
    }

    private void flush() {
        if (filling == null || filling.isEmpty()) {
            filling = null;
            return;
        }
        PendingBatch batch = filling;
        boolean delete = batch == deletes;
        call(batch, batch.drain(), delete);
        filling = null;
    }

    /**
     * Calls the batch's function with {@code messages}; when Convex refuses the call as too large,
     * calls it with each half, down to the one record at fault, which fails located.
     */
    private void call(PendingBatch batch, List<PendingBatch.Message> messages, boolean delete) {
        String function = delete ? settings.deleteFunction() : settings.upsertFunction();
        JsonNode value;
        try {
            value = FunctionCall.run(api, function, batch.body(messages), settings.authKey());
        } catch (FunctionCall.Failed e) {
            if (!e.isOverALimit()) {
                throw refused(e, messages);
            }
            split(batch, messages, delete, e.errorMessage());
            return;
        } catch (ConvexError.Answered e) {
            if (e.error().status() != 400) {
                throw new FerryException(where() + ": calling " + function + " with " + messages.size() + " records failed: "
                        + e.getMessage(), e);
            }
            split(batch, messages, delete, e.error().describe());
            return;
        }
        if (delete) {
            deleted += count(value, "deleted", function);
        } else {
            inserted += count(value, "inserted", function);
            updated += count(value, "updated", function);
        }
    }

    private void split(PendingBatch batch, List<PendingBatch.Message> messages, boolean delete, String why) {
        if (messages.size() == 1) {
            throw new FerryException(where() + ", row " + messages.getFirst().key() + ": Convex refused the record even "
                    + "alone: " + why + (delete ? "" : largestField(messages.getFirst())));
        }
        int half = messages.size() / 2;
        call(batch, messages.subList(0, half), delete);
        call(batch, messages.subList(half, messages.size()), delete);
    }

    /**
     * The record's largest field and its size as sent, so a document over Convex's 1 MiB names the
     * column to look at (Convex's message names only the table).
     */
    private static String largestField(PendingBatch.Message message) {
        JsonNode record;
        try {
            record = JSON.readTree(message.json());
        } catch (IOException e) {
            return ""; // not expected: the writer made this JSON; the refusal is reported without it
        }
        String largest = null;
        int largestBytes = -1;
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            int size = JsonBytes.of(field.getValue()).length;
            if (size > largestBytes) {
                largest = field.getKey();
                largestBytes = size;
            }
        }
        return largest == null ? "" : "; its largest field is column " + largest + " (" + String.format("%,d", largestBytes)
                + " bytes as sent, of " + String.format("%,d", message.json().length) + ")";
    }

    private FerryException refused(FunctionCall.Failed e, List<PendingBatch.Message> messages) {
        String hint = e.isUnauthorized()
                ? "; the connection's auth_key must equal the deployment's FERRY_SYNC_AUTH_KEY environment variable"
                : e.errorMessage().contains("Could not find")
                ? "; copy the shipped sync.ts into the project's convex/ folder and deploy it, or set upsert_function "
                + "and delete_function to your own"
                : "";
        String rows = messages.size() == 1 ? ", row " + messages.getFirst().key() : " (" + messages.size() + " records, rows "
                + messages.getFirst().key() + " to " + messages.getLast().key() + ")";
        return new FerryException(where() + rows + ": " + e.function() + " failed: " + e.errorMessage() + hint);
    }

    private long count(JsonNode value, String field, String function) {
        JsonNode count = value.get(field);
        if (count == null || !count.isNumber()) {
            throw new FerryException(where() + ": " + function + " returned " + value + ", which lacks the number " + field
                    + " (the shipped sync.ts returns {inserted, updated} and {deleted})");
        }
        return count.longValue();
    }

    @Override
    public void keep(List<Object[]> keys) {
        requireTracking();
        Column column = schema.columns().get(keyIndex);
        int position = schema.keyColumns().indexOf(keyField);
        for (Object[] key : keys) {
            if (key[position] != null) {
                seen.add(TableKeys.identity(encoder.encode(column, key[position])));
            }
        }
    }

    @Override
    public long countUnseen() {
        requireTracking();
        return unseen().size();
    }

    @Override
    public long removeUnseen() {
        requireTracking();
        List<JsonNode> missing = unseen();
        unseen = null;
        long before = deleted;
        for (JsonNode key : missing) {
            PendingBatch.Message message = new PendingBatch.Message(JsonBytes.of(key), keyField + "=" + key);
            if (!deletes.fits(message)) {
                flush();
            }
            deletes.add(message);
            filling = deletes;
        }
        flush();
        return deleted - before;
    }

    /** The table's keys this writer neither wrote nor kept, read once until the next removal. */
    private List<JsonNode> unseen() {
        if (unseen == null) {
            flush();
            List<JsonNode> missing = new ArrayList<>();
            for (JsonNode key : TableKeys.read(api, table, keyField)) {
                if (!seen.contains(TableKeys.identity(key))) {
                    missing.add(key);
                }
            }
            unseen = missing;
        }
        return unseen;
    }

    private void requireTracking() {
        if (!tracksKeys) {
            throw new UnsupportedOperationException("This writer was opened without deletes of missing rows");
        }
    }

    @Override
    public WriteCounts commit() {
        flush();
        if (mode == WriteMode.OVERWRITE) {
            removeUnseen();
        }
        WriteCounts counts = new WriteCounts(inserted, updated, 0, deleted);
        inserted = 0;
        updated = 0;
        deleted = 0;
        return counts;
    }

    /** Drops what was not sent; calls already answered stay applied (each call is its own transaction). */
    @Override
    public void abort() {
        upserts.drain();
        deletes.drain();
        filling = null;
        unseen = null;
        inserted = 0;
        updated = 0;
        deleted = 0;
    }

    @Override
    public void close() {
        abort();
    }

    private String where() {
        return "Convex connection " + connection + ", table " + table;
    }


}

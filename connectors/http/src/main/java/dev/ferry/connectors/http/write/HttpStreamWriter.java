package dev.ferry.connectors.http.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ChangeRecord;
import dev.ferry.api.FerryException;
import dev.ferry.api.KeyMap;
import dev.ferry.api.Operation;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteCounts;
import dev.ferry.connectors.http.call.ApiClient;
import dev.ferry.connectors.http.call.ApiRequest;
import dev.ferry.connectors.http.call.ApiResponse;
import dev.ferry.connectors.http.call.CallFailedException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.connectors.http.definition.BatchDefinition;
import dev.ferry.connectors.http.definition.BodyTemplate;
import dev.ferry.connectors.http.definition.LookupDefinition;
import dev.ferry.connectors.http.definition.OperationDefinition;
import dev.ferry.connectors.http.definition.WriteDefinition;
import dev.ferry.connectors.http.paging.PageWalk;
import dev.ferry.connectors.http.records.JsonText;
import dev.ferry.connectors.http.records.RecordSelector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a stream's records to an API, one call each, keeping which object each became in the key
 * map. A record the key map knows is updated (and created again if the API says it is gone); one it
 * does not know is upserted where the API can, else looked up (when the definition says how) and
 * created, its new id kept at once, before the next call. A delete record deletes its object and
 * forgets it. So a replay after a crash updates what the first try created, and nothing is created
 * twice unless the crash fell between a create and its answer with no lookup to find the object.
 *
 * <p>An answer that refuses the record's data (400, 409, 422) refuses that row alone: the engine sets
 * it aside with the answer, and the other rows are written. Rows already written in this commit are
 * not sent again when the engine writes a batch's halves to find the row at fault.
 */
public final class HttpStreamWriter implements StreamWriter {
    private static final Set<Integer> ROW_REFUSALS = Set.of(400, 409, 422);

    private final ApiClient client;
    private final WriteDefinition write;
    private final StreamSchema schema;
    private final Function<String, String> settings;
    private final WriteContext context;
    private final WriteCalls calls;
    private final String target;
    private final int[] keyIndexes;
    /** Rows written since the last commit, by key, with their values: not sent again when a batch is split. */
    private final Map<String, Object[]> writtenThisCommit = new HashMap<>();
    private long created;
    private long updated;
    private long deleted;
    /** Keys the source still has in this run (written or kept): the key map's others are missing there. */
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    /** @param target the table the stream writes to: the write's name, or the table a {@code *} write serves */
    public HttpStreamWriter(ApiClient client, WriteDefinition write, String target, StreamSchema schema,
                            Function<String, String> settings, WriteContext context, WriteCalls calls) {
        this.target = target;
        this.client = client;
        this.write = write;
        this.schema = schema;
        this.settings = settings;
        this.context = context;
        this.calls = calls;
        this.keyIndexes = schema.keyIndexes();
        if (keyIndexes.length == 0 && keepsIds(write)) {
            throw new FerryException("Writing to " + target + " needs the stream's key, to know which object each "
                    + "record became; give the stream a key");
        }
    }

    /** Whether the API names the objects written, so the key map keeps their ids. */
    public static boolean keepsIds(WriteDefinition write) {
        return write.batch() == null || write.batch().idPointer() != null;
    }

    @Override
    public boolean isolatesRows() {
        return true;
    }

    @Override
    public void write(RecordBatch batch) {
        writeIsolated(batch);
    }

    @Override
    public void writeIsolated(RecordBatch batch) {
        List<Object[]> pending = new ArrayList<>();
        for (ChangeRecord record : batch.records()) {
            String key = keyIndexes.length == 0 ? null : key(record.values());
            Object[] before = key == null ? null : writtenThisCommit.get(key);
            if (before != null && Arrays.equals(before, record.values())) {
                continue;
            }
            if (record.operation() == Operation.DELETE) {
                writeBatch(pending);
                delete(key, record.values());
            } else if (write.batch() != null) {
                pending.add(record.values());
                if (pending.size() == write.batch().size()) {
                    writeBatch(pending);
                }
            } else {
                upsert(key, record.values());
            }
            if (key != null) {
                writtenThisCommit.put(key, record.values());
                if (record.operation() != Operation.DELETE) {
                    seen.add(key);
                }
            }
        }
        writeBatch(pending);
    }

    @Override
    public void keep(List<Object[]> keys) {
        for (Object[] values : keys) {
            seen.add(JsonValues.keyText(Arrays.asList(values)));
        }
    }

    @Override
    public long countUnseen() {
        return unseen().size();
    }

    /**
     * Deletes the objects of the records the source no longer has: those the key map knows for this
     * target that this run neither wrote nor kept. Each is deleted and forgotten at once, since an API
     * has no transaction to hold them until the commit.
     */
    @Override
    public long removeUnseen() {
        List<String> missing = unseen();
        for (String key : missing) {
            String remoteId = context.keys().remoteId(target, key);
            if (remoteId != null) {
                send(write.delete(), new Object[schema.columns().size()], remoteId, key, Set.of(404));
                context.keys().remove(target, key);
                deleted++;
            }
        }
        return missing.size();
    }

    private List<String> unseen() {
        if (write.delete() == null) {
            throw new FerryException("The definition says no way to delete " + target + " objects, so rows missing at the "
                    + "source cannot be removed; leave deletes out of the stream");
        }
        return context.keys().sourceKeys(target).stream().filter(key -> !seen.contains(key)).toList();
    }

    /** Empties the target before an overwrite, with the definition's clear call. */
    public void clear() {
        send(write.clear(), new Object[schema.columns().size()], null, "(all)", Set.of());
    }

    /** Writes the pending records in one call, keeping the ids the answer gives, and empties the list. */
    private void writeBatch(List<Object[]> pending) {
        if (pending.isEmpty()) {
            return;
        }
        BatchDefinition batch = write.batch();
        WriteScope around = new WriteScope(settings, schema, new Object[schema.columns().size()], context.keys(), null, target);
        ObjectNode body = batch.body() == null ? PageWalk.JSON.createObjectNode()
                : (ObjectNode) BodyTemplate.render(batch.body(), around, around::typed);
        ArrayNode inputs = arrayAt(body, batch.inputs());
        List<WriteScope> scopes = new ArrayList<>();
        for (Object[] values : pending) {
            WriteScope scope = new WriteScope(settings, schema, values, context.keys(), null, target);
            scopes.add(scope);
            inputs.add(BodyTemplate.render(batch.item(), scope, scope::typed));
        }
        String keys = keyIndexes.length == 0 ? pending.size() + " row(s)"
                : pending.size() == 1 ? "row " + key(pending.getFirst()) : pending.size() + " rows from " + key(pending.getFirst());
        ApiRequest request = calls.request(batch.method(), batch.path(), Map.of(), null, around).withBody(body.toString());
        ApiResponse answer = client.send(request, context.log());
        if (!answer.isSuccess()) {
            String described = client.redaction().describe(request.method(), request.uri().toString(), answer);
            if (ROW_REFUSALS.contains(answer.status())) {
                throw new RowsRefusedException(target + " refused " + keys + ": " + described, null);
            }
            throw new CallFailedException("Writing " + target + " " + keys + " failed: " + described, answer.status());
        }
        if (batch.idPointer() == null) {
            created += pending.size();
            pending.clear();
            return;
        }
        List<JsonNode> results = new RecordSelector(batch.results()).select(parse(answer), target);
        for (int i = 0; i < pending.size(); i++) {
            String key = key(pending.get(i));
            JsonNode result = batch.match().isEmpty() ? (i < results.size() ? results.get(i) : null)
                    : matching(results, batch.match(), scopes.get(i), true);
            String id = result == null ? null : text(result.at(batch.idPointer()));
            if (id == null) {
                throw new RowsRefusedException(target + " answered no object for row " + key + ": "
                        + client.redaction().mask(answer.bodyText()), null);
            }
            if (context.keys().remoteId(target, key) == null) {
                created++;
            } else {
                updated++;
            }
            context.keys().put(target, key, id);
        }
        pending.clear();
    }

    /**
     * The first object whose fields at {@code match}'s pointers hold the values rendered for the record;
     * null when none does. A batch's answers are compared ignoring case, as APIs keep an e-mail's case
     * as they please.
     */
    private static JsonNode matching(List<JsonNode> objects, Map<String, dev.ferry.connectors.http.definition.Template> match,
                                     WriteScope scope, boolean ignoreCase) {
        for (JsonNode candidate : objects) {
            boolean matches = match.entrySet().stream().allMatch(field -> {
                String wanted = field.getValue().render(scope, value -> value).orElse(null);
                String found = text(candidate.at(field.getKey()));
                return wanted != null && (ignoreCase ? wanted.equalsIgnoreCase(found) : wanted.equals(found));
            });
            if (matches) {
                return candidate;
            }
        }
        return null;
    }

    /** The body's array at {@code pointer} ({@code /inputs}, {@code /rows}), made when absent. */
    private static ArrayNode arrayAt(ObjectNode body, String pointer) {
        String[] steps = pointer.substring(1).split("/");
        ObjectNode at = body;
        for (int i = 0; i < steps.length - 1; i++) {
            at = at.has(steps[i]) ? (ObjectNode) at.get(steps[i]) : at.putObject(steps[i]);
        }
        return at.putArray(steps[steps.length - 1]);
    }

    private void upsert(String key, Object[] values) {
        KeyMap keys = context.keys();
        String remoteId = keys.remoteId(target, key);
        if (remoteId != null && write.update() != null) {
            ApiResponse answer = send(write.update(), values, remoteId, key, Set.of(404));
            if (answer.status() != 404) {
                updated++;
                return;
            }
            context.log().warn(target + " " + remoteId + " (row " + key + ") is gone at the API; it is created again");
            keys.remove(target, key);
        } else if (remoteId != null && write.upsert() == null) {
            // Known, and the API cannot update: nothing to do but keep it.
            return;
        }
        OperationDefinition making = write.upsert() != null ? write.upsert() : write.create();
        if (write.upsert() == null && write.lookup() != null) {
            String found = lookup(write.lookup(), values, key);
            if (found != null) {
                keys.put(target, key, found);
                context.log().info(target + " row " + key + " was found at the API as " + found
                        + " (created before its id was kept); it is updated");
                if (write.update() != null) {
                    send(write.update(), values, found, key, Set.of());
                }
                updated++;
                return;
            }
        }
        ApiResponse answer = send(making, values, null, key, Set.of());
        String id = id(answer, making.idPointer(), key);
        keys.put(target, key, id);
        if (remoteId == null) {
            created++;
        } else {
            updated++;
        }
    }

    private void delete(String key, Object[] values) {
        if (key == null) {
            throw new FerryException("A delete of " + target + " needs the stream's key to find its object");
        }
        String remoteId = context.keys().remoteId(target, key);
        if (remoteId == null) {
            return;
        }
        if (write.delete() == null) {
            throw new FerryException("The definition says no way to delete " + target + " objects; row " + key
                    + " was deleted at the source");
        }
        send(write.delete(), values, remoteId, key, Set.of(404));
        context.keys().remove(target, key);
        deleted++;
    }

    /** Sends one write call; a status in {@code accepted} is returned as an answer, not a failure. */
    private ApiResponse send(OperationDefinition operation, Object[] values, String remoteId, String key, Set<Integer> accepted) {
        WriteScope scope = new WriteScope(settings, schema, values, context.keys(), remoteId, target);
        ApiRequest request = calls.request(operation.method(), operation.path(), operation.query(), operation.body(), scope);
        ApiResponse answer = operation.etag() == null ? client.send(request, context.log())
                : sendAtCurrentVersion(operation.etag(), request, scope, key);
        if (answer.isSuccess() || accepted.contains(answer.status())) {
            return answer;
        }
        String described = client.redaction().describe(request.method(), request.uri().toString(), answer);
        if (ROW_REFUSALS.contains(answer.status())) {
            throw new RowsRefusedException(target + " refused row " + key + ": " + described, null);
        }
        throw new CallFailedException("Writing " + target + " row " + key + " failed: " + described, answer.status());
    }

    private static final int VERSION_TRIES = 3;

    /**
     * Sends a call that changes the object only at its current version: reads the version, sends it
     * as {@code If-Match}, and when the object changed in between (412) reads it again and tries again.
     * An object already gone (404 on the read) is answered as the call's 404.
     */
    private ApiResponse sendAtCurrentVersion(OperationDefinition.Etag etag, ApiRequest request, WriteScope scope, String key) {
        ApiResponse answer = null;
        for (int attempt = 1; attempt <= VERSION_TRIES; attempt++) {
            ApiRequest read = calls.request("GET", etag.path(), Map.of(), null, scope);
            ApiResponse current = client.send(read, context.log());
            if (current.status() == 404) {
                return current;
            }
            if (!current.isSuccess()) {
                throw new CallFailedException("Reading the version of " + target + " row " + key + " failed: "
                        + client.redaction().describe(read.method(), read.uri().toString(), current), current.status());
            }
            String version = text(parse(current).at(etag.pointer()));
            if (version == null) {
                throw new FerryException("The answer for " + target + " row " + key + " has no version at " + etag.pointer());
            }
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(request.headers());
            headers.put("If-Match", version);
            answer = client.send(new ApiRequest(request.method(), request.uri(), headers, request.body()), context.log());
            if (answer.status() != 412) {
                return answer;
            }
            context.log().warn(target + " row " + key + " changed at the API since its version was read (412); "
                    + "reading it again" + (attempt < VERSION_TRIES ? "" : ": no tries left"));
        }
        return answer;
    }

    private String lookup(LookupDefinition lookup, Object[] values, String key) {
        WriteScope scope = new WriteScope(settings, schema, values, context.keys(), null, target);
        ApiRequest request = calls.request(lookup.method(), lookup.path(), lookup.query(), lookup.body(), scope);
        ApiResponse answer = client.send(request, context.log());
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.isSuccess()) {
            throw new CallFailedException("Looking up " + target + " row " + key + " failed: "
                    + client.redaction().describe(request.method(), request.uri().toString(), answer), answer.status());
        }
        JsonNode found = matching(new RecordSelector(lookup.records()).select(parse(answer), target), lookup.match(), scope, false);
        return found == null ? null : text(found.at(lookup.idPointer()));
    }

    private String id(ApiResponse answer, String pointer, String key) {
        String id = text(parse(answer).at(pointer));
        if (id == null) {
            throw new FerryException("Writing " + target + " row " + key + ": the answer has no id at " + pointer
                    + ": " + client.redaction().mask(answer.bodyText()));
        }
        return id;
    }

    private JsonNode parse(ApiResponse answer) {
        try {
            return PageWalk.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new FerryException("The answer of " + target + " is not JSON: "
                    + client.redaction().mask(answer.bodyText()), e);
        }
    }

    private static String text(JsonNode node) {
        return JsonText.of(node);
    }

    private String key(Object[] values) {
        List<Object> key = new ArrayList<>(keyIndexes.length);
        for (int index : keyIndexes) {
            key.add(values[index]);
        }
        return JsonValues.keyText(key);
    }

    @Override
    public WriteCounts commit() {
        WriteCounts counts = new WriteCounts(created, updated, 0, deleted);
        created = 0;
        updated = 0;
        deleted = 0;
        writtenThisCommit.clear();
        return counts;
    }

    @Override
    public void abort() {
        // What was sent stays sent: the key map already says so, and a replay updates it.
        writtenThisCommit.clear();
        created = 0;
        updated = 0;
        deleted = 0;
    }

    @Override
    public void close() {
        writtenThisCommit.clear();
    }
}

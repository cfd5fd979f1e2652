package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/streaming_import/import_airbyte_records} with {@code {"tables": {name:
 * {"primaryKey", "jsonSchema"}}, "messages": [{"tableName", "data"}]}} (body ≤ 20 MiB). With a
 * primary key, a record whose key exists replaces the whole document; without, it is inserted.
 * The request commits as one transaction. Choices: record data is read as plain JSON (numbers
 * become float64; {@code jsonSchema} is accepted but not used to type values); a message for a
 * table missing from {@code tables} is an error; the answer is {@code {}}.
 */
final class ImportAirbyteRecordsRoute implements Route {

    static final long BODY_LIMIT = 20L * 1024 * 1024;
    private final ConvexStore store;
    private final ImportState state;

    ImportAirbyteRecordsRoute(ConvexStore store, ImportState state) {
        this.store = store;
        this.state = state;
    }

    @Override
    public Set<String> methods() { return Set.of("POST"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public long bodyLimit() { return BODY_LIMIT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        JsonNode body = request.json();
        Map<String, List<String>> keys = new HashMap<>();
        body.path("tables").fields().forEachRemaining(table -> keys.put(table.getKey(),
                ImportJson.primaryKey(table.getValue().get("primaryKey"), "tables." + table.getKey() + ".primaryKey")));
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ImportJson.bad("import_airbyte_records: body needs \"messages\": [{tableName, data}]");
        }
        synchronized (store) {
            keys.keySet().forEach(store::createTable);
            store.commit(writes(messages, keys));
        }
        return Router.emptyObject();
    }

    private List<Write> writes(JsonNode messages, Map<String, List<String>> keys) {
        List<Write> writes = new ArrayList<>();
        Map<String, Map<List<ConvexValue>, String>> idsInRequest = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String table = message.path("tableName").asText(null);
            if (table == null || !keys.containsKey(table)) {
                throw ImportJson.bad("messages[" + i + "]: tableName '" + table + "' is not declared in \"tables\"");
            }
            if (!message.path("data").isObject()) {
                throw ImportJson.bad("messages[" + i + "] (table " + table + "): data must be an object");
            }
            ConvexValue.Obj data = (ConvexValue.Obj) CleanJsonFormat.INSTANCE.decode(message.get("data"));
            List<String> key = keys.get(table).isEmpty() ? state.primaryKey(table) : keys.get(table);
            writes.add(Write.upsert(table, idFor(table, key, data, i, idsInRequest), data));
        }
        return writes;
    }

    private String idFor(String table, List<String> key, ConvexValue.Obj data, int index,
                         Map<String, Map<List<ConvexValue>, String>> idsInRequest) {
        if (key == null || key.isEmpty()) {
            return store.newId();
        }
        List<ConvexValue> values = new ArrayList<>();
        for (String field : key) {
            ConvexValue value = data.get(field);
            if (value == null) {
                throw ImportJson.bad("messages[" + index + "] (table " + table + "): primary key field '" + field + "' is missing");
            }
            values.add(value);
        }
        // A key repeated within one request must land on one document, though it is not committed yet.
        Map<List<ConvexValue>, String> pending = idsInRequest.computeIfAbsent(table, name -> new HashMap<>());
        String id = pending.get(values);
        if (id == null) {
            StoredDocument existing = store.findBy(table, key, values);
            id = existing != null ? existing.id() : store.newId();
            pending.put(values, id);
        }
        return id;
    }
}

package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/** {@code GET /api/json_schemas?deltaSchema=&format=}: table name → inferred JSON Schema. */
final class JsonSchemasRoute implements Route {

    private final ConvexStore store;

    JsonSchemasRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("GET"); }

    @Override
    public Permission permission() { return Permission.DATA_VIEW; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ValueFormat.named(request.param("format"));
        boolean deltaSchema = "true".equals(request.param("deltaSchema"));
        ObjectNode schemas = JsonNodeFactory.instance.objectNode();
        for (String table : store.tableNames()) {
            schemas.set(table, SchemaInference.tableSchema(store.documents(table), deltaSchema));
        }
        return schemas;
    }
}

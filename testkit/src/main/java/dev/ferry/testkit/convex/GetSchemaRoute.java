package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code GET /api/streaming_import/get_schema}. Choice (the body is not documented): the same
 * table → JSON Schema map as {@code json_schemas}, for the import key's permission.
 */
final class GetSchemaRoute implements Route {

    private final ConvexStore store;

    GetSchemaRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("GET"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ObjectNode schemas = JsonNodeFactory.instance.objectNode();
        store.tableNames().forEach(table -> schemas.set(table, SchemaInference.tableSchema(store.documents(table), false)));
        return schemas;
    }
}

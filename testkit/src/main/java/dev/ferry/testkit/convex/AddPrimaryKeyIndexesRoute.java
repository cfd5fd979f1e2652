package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * {@code PUT /api/streaming_import/add_primary_key_indexes} with {@code {"indexes": {table:
 * [[field], ...]}}} (choice: the name Airbyte's destination sends): creates the tables and
 * remembers their keys; {@code primary_key_indexes_ready} then answers false a few times.
 */
final class AddPrimaryKeyIndexesRoute implements Route {

    private final ConvexStore store;
    private final ImportState state;

    AddPrimaryKeyIndexesRoute(ConvexStore store, ImportState state) {
        this.store = store;
        this.state = state;
    }

    @Override
    public Set<String> methods() { return Set.of("PUT"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        JsonNode indexes = request.json().get("indexes");
        if (indexes == null || !indexes.isObject()) {
            throw ImportJson.bad("add_primary_key_indexes: body needs \"indexes\": {table: [[field]]}");
        }
        indexes.fields().forEachRemaining(index -> {
            store.createTable(index.getKey());
            state.addPrimaryKey(index.getKey(), ImportJson.primaryKey(index.getValue(), "indexes." + index.getKey()));
        });
        return Router.emptyObject();
    }
}

package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Set;

/** {@code GET /api/streaming_import/primary_key_indexes_ready} with {@code {"tables": [...]}} → {@code {"indexesReady": bool}}. */
final class PrimaryKeyIndexesReadyRoute implements Route {

    private final ImportState state;

    PrimaryKeyIndexesReadyRoute(ImportState state) {
        this.state = state;
    }

    @Override
    public Set<String> methods() { return Set.of("GET"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ImportJson.stringArray(request.json(), "tables", "primary_key_indexes_ready");
        return JsonNodeFactory.instance.objectNode().put("indexesReady", state.pollReady());
    }
}

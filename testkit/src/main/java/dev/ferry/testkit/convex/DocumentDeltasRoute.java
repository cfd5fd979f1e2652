package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code GET|POST /api/document_deltas?cursor=&tableName=&format=} → {@code {values, cursor,
 * hasMore}}: the changes after {@code cursor} (exclusive, a commit timestamp) oldest first, pages
 * of 128 that never split a commit (see {@link ConvexStore}).
 */
final class DocumentDeltasRoute implements Route {

    static final int PAGE_SIZE = 128;
    private final ConvexStore store;

    DocumentDeltasRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("GET", "POST"); }

    @Override
    public Permission permission() { return Permission.DATA_VIEW; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ValueFormat format = ValueFormat.named(request.param("format"));
        if (request.param("cursor") == null) {
            throw new ConvexHttpException(400, "DocumentDeltasCursorRequired",
                    "document_deltas requires a cursor: start from the snapshot timestamp of list_snapshot");
        }
        ConvexStore.DeltaPage page = store.deltas(request.longParam("cursor"), request.param("tableName"), PAGE_SIZE);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode values = body.putArray("values");
        page.changes().forEach(change -> values.add(ExportedDocuments.export(change, format)));
        body.put("cursor", page.cursor());
        body.put("hasMore", page.hasMore());
        return body;
    }
}

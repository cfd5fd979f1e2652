package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * {@code GET|POST /api/list_snapshot?snapshot=&cursor=&tableName=&format=} →
 * {@code {values, snapshot, cursor, hasMore}}. The first page (no {@code snapshot}) fixes the
 * snapshot timestamp at the latest commit; later pages show the data as of that timestamp.
 * Not modelled: snapshot expiry (Convex keeps days of history) and the 60 s per-page time limit.
 */
final class ListSnapshotRoute implements Route {

    static final int PAGE_SIZE = 1024;
    private final ConvexStore store;

    ListSnapshotRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("GET", "POST"); }

    @Override
    public Permission permission() { return Permission.DATA_VIEW; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ValueFormat format = ValueFormat.named(request.param("format"));
        long snapshot = request.param("snapshot") == null ? store.lastTs() : request.longParam("snapshot");
        if (snapshot > store.lastTs()) {
            throw new ConvexHttpException(400, "InvalidSnapshot", "snapshot " + snapshot + " is in the future");
        }
        ConvexStore.SnapshotPage page = store.snapshotPage(request.param("tableName"), snapshot,
                SnapshotCursor.decode(request.param("cursor")), PAGE_SIZE);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode values = body.putArray("values");
        page.documents().forEach(document -> values.add(ExportedDocuments.export(document, format)));
        body.put("snapshot", snapshot);
        body.put("cursor", SnapshotCursor.encode(page.last()));
        body.put("hasMore", page.hasMore());
        return body;
    }
}

package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code PUT /api/streaming_import/clear_tables} with {@code {"tableNames": [...]}} (choice: the
 * name Airbyte's destination sends). Convex swaps in a new empty table, so an export reader sees
 * no delete deltas for the cleared documents (UNCONFIRMED by observation; the fake does the same).
 * Snapshots started before the clear still see the old documents.
 */
final class ClearTablesRoute implements Route {

    private final ConvexStore store;

    ClearTablesRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("PUT"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        List<String> tables = ImportJson.stringArray(request.json(), "tableNames", "clear_tables");
        synchronized (store) {
            List<Write> deletes = new ArrayList<>();
            for (String table : tables) {
                store.documents(table).forEach(document -> deletes.add(Write.delete(table, document.id())));
            }
            store.commit(deletes, false);
        }
        return Router.emptyObject();
    }
}

package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/get_table_column_names}. Choice (the response shape is not documented): an
 * object {@code {"by_table": {table: [column, ...]}}}, system columns first, then the fields of
 * all documents by name (documents have no order a client could rely on).
 */
final class TableColumnNamesRoute implements Route {

    private final ConvexStore store;

    TableColumnNamesRoute(ConvexStore store) {
        this.store = store;
    }

    @Override
    public Set<String> methods() { return Set.of("GET"); }

    @Override
    public Permission permission() { return Permission.DATA_VIEW; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode byTable = body.putObject("by_table");
        for (String table : store.tableNames()) {
            Set<String> fields = new TreeSet<>();
            store.documents(table).forEach(document -> fields.addAll(document.fields().fields().keySet()));
            Set<String> columns = new LinkedHashSet<>(List.of("_id", "_creationTime"));
            columns.addAll(fields);
            ArrayNode names = byTable.putArray(table);
            columns.forEach(names::add);
        }
        return body;
    }
}

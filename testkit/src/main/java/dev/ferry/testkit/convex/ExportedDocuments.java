package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored version as the export routes show it: the document's fields with {@code _id} and
 * {@code _creationTime}, then {@code _table}, {@code _ts} and {@code _component} (empty: the root
 * component); a delete as {@code {_id, _ts, _table, _deleted: true}}.
 *
 * <p>Choice: {@code _ts} is written as a JSON number in both formats (it is an i64 of nanoseconds
 * above 2^53, so a reader must parse it as a 64-bit integer, not a double).
 */
final class ExportedDocuments {

    private ExportedDocuments() {
    }

    static JsonNode export(StoredDocument version, ValueFormat format) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (version.deleted()) {
            node.put("_id", version.id());
            node.put("_ts", version.ts());
            node.put("_table", version.table());
            node.put("_deleted", true);
            return node;
        }
        JsonNode fields = format.encode(version.withSystemFields());
        node.setAll((ObjectNode) fields);
        node.put("_table", version.table());
        node.put("_ts", version.ts());
        node.put("_component", "");
        return node;
    }
}

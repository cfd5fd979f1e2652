package dev.ferry.testkit.convex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One version of a document: what a write left behind at commit timestamp {@code ts}.
 *
 * @param fields the user fields, without {@code _id} and {@code _creationTime}; null for a delete
 * @param visibleInDeltas false for the deletes a {@code clear_tables} leaves, which Convex does not
 *                        report as delete deltas (it swaps in a new empty table)
 */
public record StoredDocument(String table, String id, double creationTime, long ts, ConvexValue.Obj fields,
                             boolean visibleInDeltas) {

    public boolean deleted() { return fields == null; }

    /** The document as a function or a snapshot sees it: {@code _id}, {@code _creationTime}, then the fields. */
    public ConvexValue.Obj withSystemFields() {
        Map<String, ConvexValue> all = new LinkedHashMap<>();
        all.put("_id", ConvexValue.string(id));
        all.put("_creationTime", ConvexValue.float64(creationTime));
        if (fields != null) {
            all.putAll(fields.fields());
        }
        return ConvexValue.object(all);
    }

    /** A field's value, or null when the document lacks it. */
    public ConvexValue field(String name) {
        return fields == null ? null : fields.get(name);
    }
}

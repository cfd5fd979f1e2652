package dev.ferry.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.definition.FieldDefinition;
import dev.ferry.connectors.http.definition.IncrementalDefinition;
import dev.ferry.connectors.http.definition.StreamDefinition;
import dev.ferry.connectors.http.paging.PageWalk;
import dev.ferry.connectors.http.records.FieldValues;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a {@code sync: changes} read of an incremental stream got to, kept by the engine as the
 * stream's position: the highest value of its incremental field, sent back as {@code {{since}}}; for
 * a child stream, one such value per parent record, so a parent read for the first time (a new one)
 * is read from its beginning rather than from where the others got to. A read updates the values of
 * the parents it read and keeps the others. Written as JSON:
 * {@code {"since": "..."}} or {@code {"parents": {"<parent key>": "..."}}}.
 */
final class ChangePositions {
    private static final String TOP = "";

    private final IncrementalDefinition incremental;
    private final FieldDefinition field;
    private final boolean perParent;
    /** The values the read started from, by parent key ({@link #TOP} for a stream without parent). */
    private final Map<String, String> startedFrom;
    /** The highest values this read saw, by parent key. */
    private final Map<String, Comparable<Object>> highest = new HashMap<>();

    private ChangePositions(IncrementalDefinition incremental, FieldDefinition field, boolean perParent,
                            Map<String, String> startedFrom) {
        this.incremental = incremental;
        this.field = field;
        this.perParent = perParent;
        this.startedFrom = startedFrom;
    }

    /** The positions a read resumes from ({@code position} null: the first read, from the beginning). */
    static ChangePositions resume(StreamDefinition stream, FieldDefinition field, Checkpoint position) {
        Map<String, String> from = new TreeMap<>();
        if (position instanceof Checkpoint.LogPosition log) {
            JsonNode json;
            try {
                json = PageWalk.JSON.readTree(log.position());
            } catch (IOException e) {
                throw new FerryException("Stream " + stream.name() + ": the stored position is not one this connector wrote: "
                        + e.getMessage(), e);
            }
            if (json.path("since").isTextual()) {
                from.put(TOP, json.get("since").asText());
            }
            json.path("parents").fields().forEachRemaining(entry -> from.put(entry.getKey(), entry.getValue().asText()));
        } else if (position != null) {
            throw new FerryException("Stream " + stream.name() + ": an API stream read with sync: changes keeps its own "
                    + "position; reset the stream to read it so");
        }
        return new ChangePositions(stream.incremental(), field, stream.parent() != null, from);
    }

    /** The {@code {{since}}} of the stream, or of one parent's call; null to read from the beginning. */
    String since(String parentKey) {
        return startedFrom.get(perParent ? parentKey : TOP);
    }

    /** Notes a record's incremental value (a record without one counts for nothing). */
    @SuppressWarnings("unchecked")
    void saw(JsonNode record, String parentKey) {
        Object value = FieldValues.convert(record.at(field.pointer()), field.type(), field.name());
        if (!(value instanceof Comparable<?>)) {
            return;
        }
        String key = perParent ? parentKey : TOP;
        Comparable<Object> seen = (Comparable<Object>) value;
        Comparable<Object> had = highest.get(key);
        if (had == null || seen.compareTo(had) > 0) {
            highest.put(key, seen);
        }
    }

    /** The position once this read is complete: the values it reached, and the parents' it did not read. */
    Checkpoint.LogPosition reached() {
        Map<String, String> values = new TreeMap<>(startedFrom);
        highest.forEach((key, value) -> values.put(key, HttpStreamReader.since(value, incremental)));
        ObjectNode json = PageWalk.JSON.createObjectNode();
        if (perParent) {
            ObjectNode parents = json.putObject("parents");
            values.forEach(parents::put);
        } else if (values.containsKey(TOP)) {
            json.put("since", values.get(TOP));
        }
        return new Checkpoint.LogPosition(json.toString());
    }
}

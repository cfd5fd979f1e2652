package dev.ferry.testkit.saas.gohighlevel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored contact. The plain string fields ({@code firstName}, {@code email}, ...) are kept by
 * name, as the API takes and answers them; custom fields by field id.
 */
public record GhlContact(String id, String locationId, Map<String, String> fields, List<String> tags,
                         Map<String, Object> customFields, Instant dateAdded, Instant dateUpdated) {

    public GhlContact {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        tags = List.copyOf(tags);
        customFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    public String field(String name) {
        return fields.get(name);
    }

    public String email() {
        return fields.get("email");
    }

    public String phone() {
        return fields.get("phone");
    }

    public String firstName() {
        return fields.get("firstName");
    }

    public String lastName() {
        return fields.get("lastName");
    }

    /** The value of a custom field by id, or null. */
    public Object customField(String fieldId) {
        return customFields.get(fieldId);
    }

    /** As the API answers it: the fields, {@code tags}, and {@code customFields} as {@code [{id, value}]}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("locationId", locationId);
        json.putAll(fields);
        json.put("tags", tags);
        json.put("customFields", customFields.entrySet().stream()
                .map(entry -> Map.of("id", entry.getKey(), "value", entry.getValue())).toList());
        json.put("dateAdded", dateAdded.toString());
        json.put("dateUpdated", dateUpdated.toString());
        return json;
    }
}

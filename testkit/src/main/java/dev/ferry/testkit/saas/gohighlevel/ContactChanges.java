package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The contact fields a create, upsert or update request sets: only those present in the body (a
 * null value clears a field). Unknown properties are ignored (a choice: the documentation lists
 * more fields than the fake keeps, and a connector must not fail on them).
 *
 * @param customFields {@code [{id | key, field_value | value}]}; null when the body has none
 */
record ContactChanges(String locationId, Map<String, String> fields, List<String> tags,
                      List<CustomFieldInput> customFields) {

    static final List<String> STRING_FIELDS = List.of("firstName", "lastName", "name", "email", "phone", "gender",
            "dateOfBirth", "address1", "city", "state", "postalCode", "country", "companyName", "website", "timezone",
            "source", "assignedTo");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    record CustomFieldInput(String idOrKey, Object value) {
    }

    static ContactChanges read(JsonNode body, boolean locationRequired) {
        Validation validation = new Validation(body);
        String locationId = validation.string("locationId", locationRequired);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : STRING_FIELDS) {
            if (validation.has(name)) {
                fields.put(name, validation.string(name, false));
            }
        }
        String email = fields.get("email");
        if (email != null && !EMAIL.matcher(email).matches()) {
            validation.problem("email must be an email");
        }
        List<String> tags = null;
        if (validation.has("tags")) {
            tags = new ArrayList<>();
            JsonNode node = validation.node("tags");
            if (!node.isArray()) {
                validation.problem("tags must be an array");
            } else {
                for (JsonNode tag : node) {
                    if (!tag.isTextual()) {
                        validation.problem("each value in tags must be a string");
                    } else {
                        tags.add(tag.textValue());
                    }
                }
            }
        }
        List<CustomFieldInput> customFields = null;
        if (validation.has("customFields")) {
            customFields = readCustomFields(validation.node("customFields"), validation);
        }
        validation.check();
        return new ContactChanges(locationId, fields, tags, customFields);
    }

    private static List<CustomFieldInput> readCustomFields(JsonNode node, Validation validation) {
        List<CustomFieldInput> inputs = new ArrayList<>();
        if (!node.isArray()) {
            validation.problem("customFields must be an array");
            return inputs;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode field = node.get(i);
            JsonNode name = field.hasNonNull("id") ? field.get("id") : field.get("key");
            if (name == null || !name.isTextual()) {
                validation.problem("customFields." + i + " must have an id or a key");
                continue;
            }
            JsonNode value = field.has("field_value") ? field.get("field_value") : field.get("value");
            inputs.add(new CustomFieldInput(name.textValue(), value == null || value.isNull() ? null : plain(value)));
        }
        return inputs;
    }

    private static Object plain(JsonNode value) {
        try {
            return dev.ferry.testkit.saas.SaasRequest.JSON.treeToValue(value, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The e-mail as duplicates are matched: trimmed, lower case; null when none. */
    static String emailKey(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The phone as duplicates are matched: digits and {@code +} only; null when none. */
    static String phoneKey(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9+]", "");
        return digits.isEmpty() ? null : digits;
    }
}

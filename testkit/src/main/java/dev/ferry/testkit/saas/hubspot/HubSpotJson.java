package dev.ferry.testkit.saas.hubspot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How objects are written in answers: {@code {id, properties, createdAt, updatedAt, archived}}, times with milliseconds. */
final class HubSpotJson {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HubSpotJson() {
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }

    /**
     * The object with the properties asked for (the type's defaults when none are), always with
     * {@code hs_object_id}, {@code createdate} and the last-modified property; a property asked for
     * and not set is answered as null, as HubSpot does.
     */
    static Map<String, Object> object(HubSpotObject object, HubSpotObjectType type, List<String> asked) {
        List<String> names = new ArrayList<>(asked == null || asked.isEmpty() ? type.defaultProperties : asked);
        for (String always : List.of("hs_object_id", "createdate", type.lastModifiedProperty)) {
            if (!names.contains(always)) {
                names.add(always);
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : names) {
            properties.put(name, object.properties().get(name));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", object.id());
        body.put("properties", properties);
        body.put("createdAt", iso(object.createdAt()));
        body.put("updatedAt", iso(object.updatedAt()));
        body.put("archived", object.archived());
        if (object.archived()) {
            body.put("archivedAt", iso(object.archivedAt()));
        }
        return body;
    }

    /** {@code properties=a,b} or {@code properties=a&properties=b} both read as a list (the latter keeps the first only, as query parsing does). */
    static List<String> propertyList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.split(",")).stream().map(String::trim).filter(name -> !name.isEmpty()).toList();
    }
}

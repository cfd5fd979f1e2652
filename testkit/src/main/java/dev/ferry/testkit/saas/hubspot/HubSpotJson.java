package dev.ferry.testkit.saas.hubspot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

    /**
     * The {@code properties} asked for in a query string, given comma-separated
     * ({@code properties=a,b}), repeated ({@code properties=a&properties=b}) or both.
     */
    static List<String> propertyList(String rawQuery) {
        List<String> names = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("properties=")) {
                String value = URLDecoder.decode(pair.substring("properties=".length()), StandardCharsets.UTF_8);
                for (String name : value.split(",")) {
                    if (!name.isBlank() && !names.contains(name.trim())) {
                        names.add(name.trim());
                    }
                }
            }
        }
        return names;
    }
}

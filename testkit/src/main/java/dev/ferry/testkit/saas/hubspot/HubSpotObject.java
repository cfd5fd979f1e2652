package dev.ferry.testkit.saas.hubspot;

import java.time.Instant;
import java.util.Map;

/**
 * One CRM object as the fake keeps it: its type ({@code contacts}, {@code companies}, {@code deals}),
 * numeric id as a string, every property as a string (HubSpot sends all property values as strings),
 * and the timestamps the API answers as {@code createdAt} and {@code updatedAt}.
 */
public record HubSpotObject(String type, String id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
                            boolean archived, Instant archivedAt) {

    public HubSpotObject {
        properties = Map.copyOf(properties);
    }

    public String property(String name) {
        return properties.get(name);
    }
}

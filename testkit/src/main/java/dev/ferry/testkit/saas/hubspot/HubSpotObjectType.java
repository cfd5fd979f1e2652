package dev.ferry.testkit.saas.hubspot;

import java.util.List;
import java.util.Set;

/**
 * The object types the fake serves, with the property that holds the last modification time
 * ({@code lastmodifieddate} on contacts, {@code hs_lastmodifieddate} elsewhere, as documented), the
 * properties answered when a request names none (a choice, UNCONFIRMED: HubSpot answers a small
 * default set per type), and the properties unique per account that upserts can match on.
 */
enum HubSpotObjectType {
    CONTACTS("contacts", "lastmodifieddate", List.of("firstname", "lastname", "email"), Set.of("email")),
    COMPANIES("companies", "hs_lastmodifieddate", List.of("name", "domain"), Set.of()),
    DEALS("deals", "hs_lastmodifieddate", List.of("dealname", "amount", "dealstage", "pipeline", "closedate"), Set.of());

    final String path;
    final String lastModifiedProperty;
    final List<String> defaultProperties;
    final Set<String> builtInUniqueProperties;

    HubSpotObjectType(String path, String lastModifiedProperty, List<String> defaultProperties, Set<String> unique) {
        this.path = path;
        this.lastModifiedProperty = lastModifiedProperty;
        this.defaultProperties = defaultProperties;
        this.builtInUniqueProperties = unique;
    }

    /** The type for a path segment, or 400 in HubSpot's words when the fake does not serve it. */
    static HubSpotObjectType of(String path) {
        for (HubSpotObjectType type : values()) {
            if (type.path.equals(path)) {
                return type;
            }
        }
        throw HubSpotErrors.validation("Unable to infer object type from: " + path);
    }
}

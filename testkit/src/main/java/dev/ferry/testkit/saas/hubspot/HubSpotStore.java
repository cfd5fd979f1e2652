package dev.ferry.testkit.saas.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The account's objects per type, ordered by numeric id (the order lists page in), with the
 * system properties kept as HubSpot keeps them: {@code hs_object_id}, {@code createdate} and the
 * type's last-modified property, as ISO-8601 strings. Every change moves {@code updatedAt} and the
 * last-modified property to the clock's time. Thread-safe by synchronising on the store.
 */
final class HubSpotStore {

    private final Clock clock;
    private final Map<HubSpotObjectType, TreeMap<Long, HubSpotObject>> objects = new EnumMap<>(HubSpotObjectType.class);
    private final Map<HubSpotObjectType, Set<String>> uniqueProperties = new EnumMap<>(HubSpotObjectType.class);
    private long nextId = 1001;

    HubSpotStore(Clock clock) {
        this.clock = clock;
        for (HubSpotObjectType type : HubSpotObjectType.values()) {
            objects.put(type, new TreeMap<>());
            uniqueProperties.put(type, new HashSet<>(type.builtInUniqueProperties));
        }
    }

    synchronized void addUniqueProperty(HubSpotObjectType type, String property) {
        uniqueProperties.get(type).add(property);
    }

    synchronized boolean isUnique(HubSpotObjectType type, String property) {
        return uniqueProperties.get(type).contains(property);
    }

    synchronized HubSpotObject create(HubSpotObjectType type, Map<String, String> properties, Instant at) {
        long id = nextId++;
        HubSpotObject created = withSystemProperties(type, Long.toString(id), properties, at, at, false, null);
        objects.get(type).put(id, created);
        return created;
    }

    /** Merges the properties into the object (an empty string clears one, as in HubSpot); null when unknown. */
    synchronized HubSpotObject update(HubSpotObjectType type, String id, Map<String, String> changes, Instant at) {
        HubSpotObject found = find(type, id);
        if (found == null || found.archived()) {
            return null;
        }
        Map<String, String> merged = new LinkedHashMap<>(found.properties());
        changes.forEach((name, value) -> {
            if (value == null || value.isEmpty()) {
                merged.remove(name);
            } else {
                merged.put(name, value);
            }
        });
        HubSpotObject updated = withSystemProperties(type, id, merged, found.createdAt(), at, false, null);
        objects.get(type).put(Long.parseLong(id), updated);
        return updated;
    }

    synchronized HubSpotObject archive(HubSpotObjectType type, String id, Instant at) {
        HubSpotObject found = find(type, id);
        if (found == null || found.archived()) {
            return null;
        }
        HubSpotObject archived = new HubSpotObject(type.path, id, found.properties(), found.createdAt(), at, true, at);
        objects.get(type).put(Long.parseLong(id), archived);
        return archived;
    }

    /** The object with this id, archived or not; null when unknown or not a number. */
    synchronized HubSpotObject find(HubSpotObjectType type, String id) {
        try {
            return objects.get(type).get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The live object whose unique property has this value, or null. */
    synchronized HubSpotObject findBy(HubSpotObjectType type, String property, String value) {
        for (HubSpotObject candidate : objects.get(type).values()) {
            if (!candidate.archived() && value.equalsIgnoreCase(candidate.properties().getOrDefault(property, ""))) {
                return candidate;
            }
        }
        return null;
    }

    /** Objects with an id at or after {@code fromId}, archived or live as asked, at most {@code limit} plus one to tell a next page. */
    synchronized List<HubSpotObject> page(HubSpotObjectType type, long fromId, boolean archived, int limit) {
        List<HubSpotObject> page = new ArrayList<>();
        for (HubSpotObject candidate : objects.get(type).tailMap(fromId, true).values()) {
            if (candidate.archived() == archived) {
                page.add(candidate);
                if (page.size() > limit) {
                    break;
                }
            }
        }
        return page;
    }

    synchronized List<HubSpotObject> all(HubSpotObjectType type) {
        return List.copyOf(objects.get(type).values());
    }

    synchronized int count(HubSpotObjectType type) {
        return objects.get(type).size();
    }

    private HubSpotObject withSystemProperties(HubSpotObjectType type, String id, Map<String, String> properties,
                                               Instant createdAt, Instant updatedAt, boolean archived, Instant archivedAt) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("hs_object_id", id);
        all.put("createdate", HubSpotJson.iso(createdAt));
        all.put(type.lastModifiedProperty, HubSpotJson.iso(updatedAt));
        return new HubSpotObject(type.path, id, all, createdAt, updatedAt, archived, archivedAt);
    }

    Instant now() {
        return clock.instant();
    }
}

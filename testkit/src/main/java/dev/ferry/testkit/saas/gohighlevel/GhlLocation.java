package dev.ferry.testkit.saas.gohighlevel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the fake keeps per location (sub-account): its custom fields, calendars and users, whether
 * it allows duplicate contacts, and the e-mail and phone indexes its duplicate rule looks up.
 * Guarded by the {@link GhlStore} lock.
 */
final class GhlLocation {

    final String id;
    final List<GhlCustomField> customFields = new ArrayList<>();
    final Map<String, GhlCalendar> calendars = new LinkedHashMap<>();
    final Set<String> users = new LinkedHashSet<>();
    /** Off by default, as on a new GoHighLevel location. */
    boolean allowDuplicateContacts;
    final Map<String, String> contactByEmail = new HashMap<>();
    final Map<String, String> contactByPhone = new HashMap<>();

    GhlLocation(String id) {
        this.id = id;
    }

    GhlCustomField customField(String idOrKey) {
        return customFields.stream().filter(field -> field.isNamedBy(idOrKey)).findFirst().orElse(null);
    }
}

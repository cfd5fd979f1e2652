package dev.ferry.testkit.saas.gohighlevel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake's data: locations, contacts and appointments. One lock for all (every method is
 * synchronized, and routes hold the lock across a look-up and a write), so a duplicate check and
 * the create that follows it cannot interleave with another request's.
 */
final class GhlStore {

    private final GhlIds ids;
    private final Map<String, GhlLocation> locations = new LinkedHashMap<>();
    private final Map<String, GhlContact> contacts = new LinkedHashMap<>();
    private final Map<String, GhlAppointment> appointments = new LinkedHashMap<>();
    private final List<String> deletedAppointments = new ArrayList<>();
    private final List<String> ignoredCustomFields = new ArrayList<>();

    GhlStore(GhlIds ids) {
        this.ids = ids;
    }

    synchronized String newId() {
        return ids.next();
    }

    synchronized GhlLocation location(String id) {
        return locations.computeIfAbsent(id, GhlLocation::new);
    }

    synchronized boolean hasLocation(String id) {
        return locations.containsKey(id);
    }

    // ---- contacts

    synchronized GhlContact contact(String id) {
        return contacts.get(id);
    }

    synchronized List<GhlContact> contacts() {
        return List.copyOf(contacts.values());
    }

    synchronized List<GhlContact> contacts(String locationId) {
        return contacts.values().stream().filter(contact -> contact.locationId().equals(locationId)).toList();
    }

    /** The duplicate of a contact with this e-mail or phone: e-mail first (a choice), then phone; null if none. */
    synchronized Duplicate findDuplicate(String locationId, String email, String phone, String exceptId) {
        GhlLocation location = location(locationId);
        String byEmail = location.contactByEmail.get(ContactChanges.emailKey(email));
        if (byEmail != null && !byEmail.equals(exceptId)) {
            return new Duplicate(contacts.get(byEmail), "email");
        }
        String byPhone = location.contactByPhone.get(ContactChanges.phoneKey(phone));
        if (byPhone != null && !byPhone.equals(exceptId)) {
            return new Duplicate(contacts.get(byPhone), "phone");
        }
        return null;
    }

    record Duplicate(GhlContact contact, String matchingField) {
    }

    synchronized GhlContact createContact(String locationId, ContactChanges changes, Instant now) {
        GhlContact empty = new GhlContact(newId(), locationId, Map.of(), List.of(), Map.of(), now, now);
        return save(null, apply(empty, changes, now));
    }

    synchronized GhlContact updateContact(GhlContact existing, ContactChanges changes, Instant now) {
        return save(existing, apply(existing, changes, now));
    }

    synchronized boolean deleteContact(String id) {
        GhlContact removed = contacts.remove(id);
        if (removed != null) {
            unindex(removed);
        }
        return removed != null;
    }

    private GhlContact apply(GhlContact contact, ContactChanges changes, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>(contact.fields());
        changes.fields().forEach((name, value) -> {
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
        });
        Map<String, Object> custom = new LinkedHashMap<>(contact.customFields());
        if (changes.customFields() != null) {
            GhlLocation location = location(contact.locationId());
            for (ContactChanges.CustomFieldInput input : changes.customFields()) {
                GhlCustomField field = location.customField(input.idOrKey());
                if (field == null) {
                    // Choice: an unknown custom field is ignored, not refused; the test can see it here.
                    ignoredCustomFields.add(input.idOrKey());
                } else if (input.value() == null) {
                    custom.remove(field.id());
                } else {
                    custom.put(field.id(), input.value());
                }
            }
        }
        List<String> tags = changes.tags() == null ? contact.tags() : changes.tags();
        return new GhlContact(contact.id(), contact.locationId(), fields, tags, custom, contact.dateAdded(), now);
    }

    private GhlContact save(GhlContact previous, GhlContact contact) {
        if (previous != null) {
            unindex(previous);
        }
        contacts.put(contact.id(), contact);
        GhlLocation location = location(contact.locationId());
        String email = ContactChanges.emailKey(contact.email());
        if (email != null) {
            location.contactByEmail.putIfAbsent(email, contact.id());
        }
        String phone = ContactChanges.phoneKey(contact.phone());
        if (phone != null) {
            location.contactByPhone.putIfAbsent(phone, contact.id());
        }
        return contact;
    }

    /**
     * With duplicates allowed, several contacts share a key and the index names the first; when
     * that one goes, the next one with the key takes its place (a scan, on this rare path only).
     */
    private void unindex(GhlContact contact) {
        GhlLocation location = location(contact.locationId());
        String email = ContactChanges.emailKey(contact.email());
        if (email != null && location.contactByEmail.remove(email, contact.id())) {
            contacts.values().stream()
                    .filter(other -> !other.id().equals(contact.id()) && other.locationId().equals(location.id)
                            && email.equals(ContactChanges.emailKey(other.email())))
                    .findFirst().ifPresent(other -> location.contactByEmail.put(email, other.id()));
        }
        String phone = ContactChanges.phoneKey(contact.phone());
        if (phone != null && location.contactByPhone.remove(phone, contact.id())) {
            contacts.values().stream()
                    .filter(other -> !other.id().equals(contact.id()) && other.locationId().equals(location.id)
                            && phone.equals(ContactChanges.phoneKey(other.phone())))
                    .findFirst().ifPresent(other -> location.contactByPhone.put(phone, other.id()));
        }
    }

    synchronized List<String> ignoredCustomFields() {
        return List.copyOf(ignoredCustomFields);
    }

    // ---- appointments

    synchronized GhlAppointment appointment(String id) {
        return appointments.get(id);
    }

    synchronized List<GhlAppointment> appointments() {
        return List.copyOf(appointments.values());
    }

    synchronized void putAppointment(GhlAppointment appointment) {
        appointments.put(appointment.id(), appointment);
    }

    synchronized boolean deleteAppointment(String id) {
        if (appointments.remove(id) == null) {
            return false;
        }
        deletedAppointments.add(id);
        return true;
    }

    synchronized List<String> deletedAppointments() {
        return List.copyOf(deletedAppointments);
    }

    synchronized int contactCount() {
        return contacts.size();
    }

    synchronized int appointmentCount() {
        return appointments.size();
    }
}

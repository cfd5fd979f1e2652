package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Contacts (Version {@code 2021-07-28}): create, upsert, read, update, delete, search, and the
 * location's custom fields. A contact of another location answers 404 like a missing one, and a
 * {@code locationId} other than the token's answers 403 (choices: GoHighLevel's exact answers for
 * these are not documented).
 */
final class ContactRoutes {

    private final GhlStore store;
    private final GhlTokens tokens;
    private final Clock clock;

    ContactRoutes(GhlStore store, GhlTokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    static JsonNode body(SaasRequest request) {
        return request.json(message -> GhlErrors.error(400, message));
    }

    static void checkLocation(SaasRequest request, GhlTokens tokens, String locationId) {
        if (locationId != null && !locationId.equals(GhlGuard.locationOf(request, tokens))) {
            throw GhlErrors.http(403, "The token does not have access to this location.");
        }
    }

    /**
     * {@code POST /contacts/}: 201 {@code {contact}}. With the location's duplicate rule on (the
     * default), a contact with the e-mail or phone of another answers 400 "This location does not
     * allow duplicated contacts." with {@code meta: {contactId, matchingField}}.
     */
    SaasResponse create(SaasRequest request) {
        ContactChanges changes = ContactChanges.read(body(request), true);
        checkLocation(request, tokens, changes.locationId());
        synchronized (store) {
            refuseDuplicate(changes, null);
            GhlContact contact = store.createContact(changes.locationId(), changes, clock.instant());
            return SaasResponse.json(201, Map.of("contact", contact.toJson()));
        }
    }

    /**
     * {@code POST /contacts/upsert}: the duplicate rule picks the contact to update, e-mail first
     * (trimmed, any case), then phone (digits and +); none: a new one. 200
     * {@code {new, contact, traceId}}.
     */
    SaasResponse upsert(SaasRequest request) {
        ContactChanges changes = ContactChanges.read(body(request), true);
        checkLocation(request, tokens, changes.locationId());
        synchronized (store) {
            GhlStore.Duplicate duplicate = store.findDuplicate(changes.locationId(), changes.fields().get("email"),
                    changes.fields().get("phone"), null);
            GhlContact contact = duplicate == null
                    ? store.createContact(changes.locationId(), changes, clock.instant())
                    : store.updateContact(duplicate.contact(), changes, clock.instant());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("new", duplicate == null);
            body.put("contact", contact.toJson());
            body.put("traceId", UUID.randomUUID().toString());
            return SaasResponse.ok(body);
        }
    }

    SaasResponse get(SaasRequest request) {
        return SaasResponse.ok(Map.of("contact", existing(request).toJson()));
    }

    /**
     * {@code PUT /contacts/{contactId}}: 200 {@code {succeded, contact}} (the API's own spelling,
     * UNCONFIRMED). Only the fields sent change; a {@code locationId} in the body is ignored (a
     * choice: a contact does not move between locations).
     */
    SaasResponse update(SaasRequest request) {
        ContactChanges changes = ContactChanges.read(body(request), false);
        synchronized (store) {
            GhlContact contact = existing(request);
            ContactChanges located = new ContactChanges(contact.locationId(), changes.fields(), changes.tags(),
                    changes.customFields());
            refuseDuplicate(located, contact.id());
            GhlContact updated = store.updateContact(contact, located, clock.instant());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("succeded", true);
            body.put("contact", updated.toJson());
            return SaasResponse.ok(body);
        }
    }

    SaasResponse delete(SaasRequest request) {
        synchronized (store) {
            store.deleteContact(existing(request).id());
        }
        return SaasResponse.ok(Map.of("succeded", true));
    }

    /** {@code GET /locations/{locationId}/customFields}: {@code {customFields: [{id, name, fieldKey, dataType}]}}. */
    SaasResponse customFields(SaasRequest request) {
        String locationId = request.pathParameter("locationId");
        checkLocation(request, tokens, locationId);
        synchronized (store) {
            return SaasResponse.ok(Map.of("customFields", List.copyOf(store.location(locationId).customFields)));
        }
    }

    SaasResponse search(SaasRequest request) {
        ContactSearch search = ContactSearch.read(body(request));
        checkLocation(request, tokens, search.locationId());
        return SaasResponse.ok(search.run(store.contacts(search.locationId())));
    }

    private GhlContact existing(SaasRequest request) {
        GhlContact contact = store.contact(request.pathParameter("contactId"));
        if (contact == null || !contact.locationId().equals(GhlGuard.locationOf(request, tokens))) {
            throw GhlErrors.http(404, "Contact not found");
        }
        return contact;
    }

    private void refuseDuplicate(ContactChanges changes, String exceptId) {
        if (store.location(changes.locationId()).allowDuplicateContacts) {
            return;
        }
        GhlStore.Duplicate duplicate = store.findDuplicate(changes.locationId(), changes.fields().get("email"),
                changes.fields().get("phone"), exceptId);
        if (duplicate != null) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("contactName", (java.util.Objects.toString(duplicate.contact().firstName(), "") + " "
                    + java.util.Objects.toString(duplicate.contact().lastName(), "")).trim());
            meta.put("contactId", duplicate.contact().id());
            meta.put("matchingField", duplicate.matchingField());
            throw GhlErrors.withFields(400, "This location does not allow duplicated contacts.", Map.of("meta", meta));
        }
    }
}

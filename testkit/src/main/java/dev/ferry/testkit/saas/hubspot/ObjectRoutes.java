package dev.ferry.testkit.saas.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The list, the single read and the five batch routes of {@code /crm/v3/objects/{type}}.
 *
 * <p>Documented: the list answers {@code {results, paging: {next: {after, link}}}}, {@code limit}
 * at most 100; batches take at most 100 {@code inputs} and answer {@code {status, results,
 * startedAt, completedAt}}; upsert inputs are {@code {id, idProperty, properties}}.
 *
 * <p>Choices (UNCONFIRMED): a list {@code limit} over 100 answers 400 rather than being cut
 * (strict, so a client that relies on a silent cap is caught); the list's {@code after} is the id of
 * the next object and {@code link} an absolute URL with the request's other parameters; batch read
 * and update answer 207 with {@code errors} and {@code numErrors} for ids not found and apply the
 * rest; batch create answers 201 and refuses the whole batch with 409 when a unique property
 * (contacts' {@code email}, or one added by the test) is taken; upsert answers 200 with
 * {@code new} on each result; archive answers 204 whatever the ids.
 */
final class ObjectRoutes {

    static final int MAX_LIST_LIMIT = 100;
    static final int MAX_BATCH_INPUTS = 100;

    private final HubSpotStore store;
    private final Supplier<String> baseUrl;

    ObjectRoutes(HubSpotStore store, Supplier<String> baseUrl) {
        this.store = store;
        this.baseUrl = baseUrl;
    }

    SaasResponse list(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        int limit = number(request.queryParameter("limit"), 10, "limit");
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw HubSpotErrors.validation("limit must be between 1 and " + MAX_LIST_LIMIT + ", got " + limit,
                    List.of(new HubSpotErrors.Detail("limit must be at most " + MAX_LIST_LIMIT, "INVALID_LIMIT",
                            Map.of("limit", List.of(Integer.toString(limit))))));
        }
        long after = number(request.queryParameter("after"), 0, "after");
        boolean archived = "true".equalsIgnoreCase(request.queryParameter("archived"));
        List<String> properties = HubSpotJson.propertyList(request.rawQuery());
        List<HubSpotObject> page = store.page(type, after, archived, limit);
        List<Object> results = new ArrayList<>();
        for (HubSpotObject object : page.subList(0, Math.min(limit, page.size()))) {
            results.add(HubSpotJson.object(object, type, properties));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        if (page.size() > limit) {
            String next = page.get(limit).id();
            body.put("paging", Map.of("next", Map.of("after", next, "link", nextLink(request, next))));
        }
        return SaasResponse.ok(body);
    }

    SaasResponse get(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        HubSpotObject found = store.find(type, request.pathParameter("id"));
        if (found == null || found.archived() && !"true".equalsIgnoreCase(request.queryParameter("archived"))) {
            throw HubSpotErrors.http(404, "OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric.");
        }
        return SaasResponse.ok(HubSpotJson.object(found, type, HubSpotJson.propertyList(request.rawQuery())));
    }

    SaasResponse batchRead(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        JsonNode body = body(request);
        List<JsonNode> inputs = inputs(body);
        List<String> properties = textList(body.path("properties"));
        String idProperty = body.path("idProperty").asText("");
        Batch batch = new Batch();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText("");
            HubSpotObject found = idProperty.isEmpty() ? store.find(type, id) : store.findBy(type, idProperty, id);
            if (found == null || found.archived()) {
                batch.notFound.add(id);
            } else {
                batch.results.add(HubSpotJson.object(found, type, properties));
            }
        }
        return batch.answer(200);
    }

    SaasResponse batchCreate(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        List<JsonNode> inputs = inputs(body(request));
        List<Map<String, String>> all = new ArrayList<>();
        for (JsonNode input : inputs) {
            all.add(properties(input));
        }
        Instant now = store.now();
        Batch batch = new Batch();
        synchronized (store) {
            checkUnique(type, all, List.of());
            for (Map<String, String> properties : all) {
                batch.results.add(HubSpotJson.object(store.create(type, properties, now), type, List.copyOf(properties.keySet())));
            }
        }
        return batch.answer(201);
    }

    SaasResponse batchUpdate(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        List<JsonNode> inputs = inputs(body(request));
        Instant now = store.now();
        Batch batch = new Batch();
        synchronized (store) {
            List<Map<String, String>> changes = inputs.stream().map(ObjectRoutes::properties).toList();
            checkUnique(type, changes, inputs.stream().map(input -> input.path("id").asText("")).toList());
            for (int i = 0; i < inputs.size(); i++) {
                String id = inputs.get(i).path("id").asText("");
                HubSpotObject updated = store.update(type, id, changes.get(i), now);
                if (updated == null) {
                    batch.notFound.add(id);
                } else {
                    batch.results.add(HubSpotJson.object(updated, type, List.copyOf(changes.get(i).keySet())));
                }
            }
        }
        return batch.answer(200);
    }

    SaasResponse batchUpsert(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        List<JsonNode> inputs = inputs(body(request));
        Instant now = store.now();
        Batch batch = new Batch();
        synchronized (store) {
            for (JsonNode input : inputs) {
                String idProperty = input.path("idProperty").asText("");
                String id = input.path("id").asText("");
                if (idProperty.isEmpty() || id.isEmpty()) {
                    throw HubSpotErrors.validation("Each upsert input needs id and idProperty");
                }
                if (!store.isUnique(type, idProperty)) {
                    throw HubSpotErrors.validation(idProperty + " is not a unique property of " + type.path
                            + "; upserts match on a property with unique values");
                }
            }
            for (JsonNode input : inputs) {
                String idProperty = input.path("idProperty").asText();
                String id = input.path("id").asText();
                Map<String, String> properties = properties(input);
                properties.put(idProperty, id);
                HubSpotObject existing = store.findBy(type, idProperty, id);
                HubSpotObject written = existing == null ? store.create(type, properties, now)
                        : store.update(type, existing.id(), properties, now);
                Map<String, Object> result = HubSpotJson.object(written, type, List.copyOf(properties.keySet()));
                result.put("new", existing == null);
                batch.results.add(result);
            }
        }
        return batch.answer(200);
    }

    SaasResponse batchArchive(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        Instant now = store.now();
        for (JsonNode input : inputs(body(request))) {
            store.archive(type, input.path("id").asText(""), now);
        }
        return new SaasResponse(204, Map.of(), new byte[0]);
    }

    /** Refuses a value of a unique property that another live object (or another input) holds. */
    private void checkUnique(HubSpotObjectType type, List<Map<String, String>> inputs, List<String> ownIds) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            for (Map.Entry<String, String> property : inputs.get(i).entrySet()) {
                if (!store.isUnique(type, property.getKey()) || property.getValue().isEmpty()) {
                    continue;
                }
                HubSpotObject holder = store.findBy(type, property.getKey(), property.getValue());
                String ownId = ownIds.isEmpty() ? null : ownIds.get(i);
                if (holder != null && !holder.id().equals(ownId)) {
                    throw HubSpotErrors.http(409, "CONFLICT", "Object already exists. Existing ID: " + holder.id());
                }
                String key = property.getKey() + "=" + property.getValue().toLowerCase(java.util.Locale.ROOT);
                if (seen.putIfAbsent(key, i) != null) {
                    throw HubSpotErrors.validation("Duplicate " + property.getKey() + " in the batch: " + property.getValue());
                }
            }
        }
    }

    /** Results and ids not found, answered as HubSpot's batch shape (207 when some were not found). */
    private final class Batch {
        final String startedAt = HubSpotJson.iso(store.now());
        final List<Object> results = new ArrayList<>();
        final List<String> notFound = new ArrayList<>();

        SaasResponse answer(int status) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "COMPLETE");
            body.put("results", results);
            if (!notFound.isEmpty()) {
                body.put("numErrors", 1);
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("status", "error");
                error.put("category", "OBJECT_NOT_FOUND");
                error.put("message", "Could not get some objects, they may be deleted or not exist. Check that ids are valid.");
                error.put("context", Map.of("ids", notFound));
                body.put("errors", List.of(error));
            }
            body.put("startedAt", startedAt);
            body.put("completedAt", HubSpotJson.iso(store.now()));
            return SaasResponse.json(notFound.isEmpty() ? status : 207, body);
        }
    }

    private static JsonNode body(SaasRequest request) {
        return request.json(message -> HubSpotErrors.validation("Invalid input JSON: " + message).response());
    }

    private static List<JsonNode> inputs(JsonNode body) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw HubSpotErrors.validation("inputs is required and must be an array");
        }
        if (inputs.size() > MAX_BATCH_INPUTS) {
            throw HubSpotErrors.validation("Too many inputs: " + inputs.size() + " > " + MAX_BATCH_INPUTS,
                    List.of(new HubSpotErrors.Detail("at most " + MAX_BATCH_INPUTS + " inputs per batch", "TOO_MANY_INPUTS",
                            Map.of("inputs", List.of(Integer.toString(inputs.size()))))));
        }
        List<JsonNode> list = new ArrayList<>();
        inputs.forEach(list::add);
        return list;
    }

    /** An input's properties as strings (HubSpot takes numbers and booleans too); null clears. */
    static Map<String, String> properties(JsonNode input) {
        Map<String, String> properties = new LinkedHashMap<>();
        input.path("properties").properties().forEach(entry ->
                properties.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText()));
        return properties;
    }

    private static List<String> textList(JsonNode node) {
        List<String> list = new ArrayList<>();
        node.forEach(item -> list.add(item.asText()));
        return list;
    }

    private static int number(String text, int fallback, String name) {
        return (int) number(text, (long) fallback, name);
    }

    private static long number(String text, long fallback, String name) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw HubSpotErrors.validation(name + " must be a number, got '" + text + "'");
        }
    }

    private String nextLink(SaasRequest request, String after) {
        StringBuilder link = new StringBuilder(baseUrl.get()).append(request.path()).append("?after=")
                .append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        request.query().forEach((name, value) -> {
            if (!name.equals("after")) {
                link.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return link.toString();
    }
}

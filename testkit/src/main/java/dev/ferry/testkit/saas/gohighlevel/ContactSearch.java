package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code POST /contacts/search}. The documentation confirms only the answer, {@code {contacts,
 * total}}; the request shape is a choice (UNCONFIRMED) following the style of GoHighLevel's other
 * search APIs:
 *
 * <pre>
 * {"locationId": "...",                      required, the token's location
 *  "page": 1, "pageLimit": 20,               page from 1; pageLimit 1..500, default 20
 *  "searchAfter": [dateAddedMillis, "id"],   instead of page: after this contact (each answered
 *                                            contact carries its own searchAfter)
 *  "query": "text",                          in firstName, lastName, name, email or phone, any case
 *  "filters": [{"field": "email", "operator": "eq", "value": "a@b.it"}],   all must hold
 *  "sort": [{"field": "dateAdded", "direction": "asc"}]}
 * </pre>
 *
 * Filter fields: {@code id} and the contact's string fields, {@code tags}, {@code dateAdded},
 * {@code dateUpdated}, {@code customFields.<id>}; operators {@code eq}, {@code not_eq},
 * {@code contains}, {@code exists}, {@code not_exists}, {@code range} (value {@code {gt, gte, lt,
 * lte}}, ISO dates for the date fields). {@code eq} on {@code tags} means "has the tag"; {@code eq}
 * on e-mail ignores case. Page paging stops at 10,000 results (422 beyond: use
 * {@code searchAfter}), as GoHighLevel's standard paging does. With {@code searchAfter} the order is
 * always dateAdded then id.
 */
record ContactSearch(String locationId, int page, int pageLimit, JsonNode searchAfter, String query,
                     List<Predicate<GhlContact>> filters, Comparator<GhlContact> order) {

    static final int MAX_PAGE_LIMIT = 500;
    static final int MAX_PAGED_RESULTS = 10_000;
    private static final Comparator<GhlContact> BY_ADDED = Comparator.comparing(GhlContact::dateAdded)
            .thenComparing(GhlContact::id);

    static ContactSearch read(JsonNode body) {
        Validation validation = new Validation(body);
        String locationId = validation.string("locationId", true);
        int page = number(validation, body, "page", 1);
        int pageLimit = number(validation, body, "pageLimit", 20);
        if (page < 1) {
            validation.problem("page must not be less than 1");
        }
        if (pageLimit < 1 || pageLimit > MAX_PAGE_LIMIT) {
            validation.problem("pageLimit must be from 1 to " + MAX_PAGE_LIMIT);
        }
        JsonNode searchAfter = body.get("searchAfter");
        if (searchAfter != null && !searchAfter.isNull()) {
            if (!searchAfter.isArray() || searchAfter.size() != 2 || !searchAfter.get(0).canConvertToLong()
                    || !searchAfter.get(1).isTextual()) {
                validation.problem("searchAfter must be [dateAddedMillis, id] as answered with a contact");
            }
        } else {
            searchAfter = null;
            if ((long) page * pageLimit > MAX_PAGED_RESULTS) {
                validation.problem("page * pageLimit must not exceed " + MAX_PAGED_RESULTS + "; use searchAfter");
            }
        }
        String query = validation.string("query", false);
        List<Predicate<GhlContact>> filters = new ArrayList<>();
        JsonNode filterNodes = body.get("filters");
        if (filterNodes != null && !filterNodes.isNull()) {
            if (!filterNodes.isArray()) {
                validation.problem("filters must be an array");
            } else {
                for (int i = 0; i < filterNodes.size(); i++) {
                    Predicate<GhlContact> filter = filter(filterNodes.get(i), "filters." + i, validation);
                    if (filter != null) {
                        filters.add(filter);
                    }
                }
            }
        }
        Comparator<GhlContact> order = searchAfter != null ? BY_ADDED : order(body.get("sort"), validation);
        validation.check();
        return new ContactSearch(locationId, page, pageLimit, searchAfter, query, filters, order);
    }

    Map<String, Object> run(List<GhlContact> contacts) {
        List<GhlContact> matching = contacts.stream().filter(this::matches).sorted(order).toList();
        List<GhlContact> selected;
        if (searchAfter != null) {
            Instant added = Instant.ofEpochMilli(searchAfter.get(0).asLong());
            String id = searchAfter.get(1).asText();
            selected = matching.stream().filter(contact -> contact.dateAdded().isAfter(added)
                    || contact.dateAdded().equals(added) && contact.id().compareTo(id) > 0).limit(pageLimit).toList();
        } else {
            int from = Math.min(matching.size(), (page - 1) * pageLimit);
            selected = matching.subList(from, Math.min(matching.size(), from + pageLimit));
        }
        List<Map<String, Object>> answered = new ArrayList<>();
        for (GhlContact contact : selected) {
            Map<String, Object> json = new LinkedHashMap<>(contact.toJson());
            json.put("searchAfter", List.of(contact.dateAdded().toEpochMilli(), contact.id()));
            answered.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contacts", answered);
        body.put("total", matching.size());
        return body;
    }

    private boolean matches(GhlContact contact) {
        if (query != null && !query.isBlank()) {
            String needle = query.toLowerCase(Locale.ROOT);
            boolean found = java.util.stream.Stream.of("firstName", "lastName", "name", "email", "phone")
                    .map(contact::field)
                    .anyMatch(value -> value != null && value.toLowerCase(Locale.ROOT).contains(needle));
            if (!found) {
                return false;
            }
        }
        return filters.stream().allMatch(filter -> filter.test(contact));
    }

    private static int number(Validation validation, JsonNode body, String name, int fallback) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isInt()) {
            validation.problem(name + " must be an integer number");
            return fallback;
        }
        return value.intValue();
    }

    private static Predicate<GhlContact> filter(JsonNode node, String where, Validation validation) {
        String field = node.path("field").asText(null);
        String operator = node.path("operator").asText(null);
        JsonNode value = node.get("value");
        if (field == null || operator == null) {
            validation.problem(where + " needs a field and an operator");
            return null;
        }
        if (!field.equals("id") && !field.equals("tags") && !field.equals("dateAdded") && !field.equals("dateUpdated")
                && !field.startsWith("customFields.") && !ContactChanges.STRING_FIELDS.contains(field)) {
            validation.problem(where + ".field " + field + " cannot be searched");
            return null;
        }
        java.util.function.Function<GhlContact, Object> reader = reader(field);
        return switch (operator) {
            case "eq" -> contact -> equalsValue(field, reader.apply(contact), value);
            case "not_eq" -> contact -> !equalsValue(field, reader.apply(contact), value);
            case "contains" -> contact -> String.valueOf(reader.apply(contact)).toLowerCase(Locale.ROOT)
                    .contains(value == null ? "" : value.asText().toLowerCase(Locale.ROOT));
            case "exists" -> contact -> present(reader.apply(contact));
            case "not_exists" -> contact -> !present(reader.apply(contact));
            case "range" -> {
                if (value == null || !value.isObject()) {
                    validation.problem(where + ".value must be {gt, gte, lt, lte} for range");
                    yield null;
                }
                yield contact -> inRange(reader.apply(contact), value);
            }
            default -> {
                validation.problem(where + ".operator must be one of eq, not_eq, contains, exists, not_exists, range");
                yield null;
            }
        };
    }

    private static java.util.function.Function<GhlContact, Object> reader(String field) {
        return switch (field) {
            case "id" -> GhlContact::id;
            case "tags" -> GhlContact::tags;
            case "dateAdded" -> GhlContact::dateAdded;
            case "dateUpdated" -> GhlContact::dateUpdated;
            default -> field.startsWith("customFields.")
                    ? contact -> contact.customField(field.substring("customFields.".length()))
                    : contact -> contact.field(field);
        };
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof List<?> list && list.isEmpty()) && !"".equals(value);
    }

    private static boolean equalsValue(String field, Object actual, JsonNode expected) {
        if (actual == null || expected == null || expected.isNull()) {
            return actual == null && (expected == null || expected.isNull());
        }
        String wanted = expected.asText();
        if (actual instanceof List<?> tags) {
            return tags.contains(wanted);
        }
        if (field.equals("email")) {
            return actual.toString().trim().equalsIgnoreCase(wanted.trim());
        }
        return actual.toString().equals(wanted);
    }

    private static boolean inRange(Object actual, JsonNode range) {
        if (actual == null) {
            return false;
        }
        java.util.function.BiFunction<String, Integer, Boolean> bound = (name, sign) -> {
            JsonNode limit = range.get(name);
            if (limit == null || limit.isNull()) {
                return true;
            }
            int compared = compare(actual, limit);
            return switch (name) {
                case "gt" -> compared > 0;
                case "gte" -> compared >= 0;
                case "lt" -> compared < 0;
                default -> compared <= 0;
            };
        };
        return bound.apply("gt", 1) && bound.apply("gte", 1) && bound.apply("lt", -1) && bound.apply("lte", -1);
    }

    private static int compare(Object actual, JsonNode limit) {
        if (actual instanceof Instant instant) {
            Instant other = limit.isNumber() ? Instant.ofEpochMilli(limit.asLong()) : Instant.parse(limit.asText());
            return instant.compareTo(other);
        }
        if (actual instanceof Number number) {
            return Double.compare(number.doubleValue(), limit.asDouble());
        }
        return actual.toString().compareTo(limit.asText());
    }

    private static Comparator<GhlContact> order(JsonNode sort, Validation validation) {
        if (sort == null || sort.isNull() || sort.isEmpty()) {
            return BY_ADDED;
        }
        if (!sort.isArray()) {
            validation.problem("sort must be an array of {field, direction}");
            return BY_ADDED;
        }
        Comparator<GhlContact> order = null;
        for (JsonNode key : sort) {
            String field = key.path("field").asText("");
            Comparator<GhlContact> next = switch (field) {
                case "dateAdded" -> Comparator.comparing(GhlContact::dateAdded);
                case "dateUpdated" -> Comparator.comparing(GhlContact::dateUpdated);
                case "firstName", "lastName", "email" -> Comparator.comparing(
                        (GhlContact contact) -> contact.field(field), Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER));
                default -> {
                    validation.problem("sort field " + field + " must be one of dateAdded, dateUpdated, firstName, lastName, email");
                    yield BY_ADDED;
                }
            };
            if ("desc".equalsIgnoreCase(key.path("direction").asText("asc"))) {
                next = next.reversed();
            }
            order = order == null ? next : order.thenComparing(next);
        }
        return order.thenComparing(GhlContact::id);
    }
}

package dev.ferry.testkit.saas.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /crm/v3/objects/{type}/search}.
 *
 * <p>Documented: {@code filterGroups} (groups ORed, filters in a group ANDed) with at most 5 groups,
 * 6 filters per group and 18 filters in all; at most one sort; {@code limit} at most 200;
 * {@code after}; at most 10,000 results per query, 400 beyond; answers {@code {total, results,
 * paging: {next: {after}}}}. Filters compare numbers numerically and dates as epoch milliseconds,
 * so {@code hs_lastmodifieddate BETWEEN value AND highValue} (epoch ms as strings) reads a window
 * of changes.
 *
 * <p>Choices (UNCONFIRMED): {@code after} is an offset into the sorted results; the page that
 * reaches the 10,000th result still offers {@code next}, and asking for it ({@code after} 10,000 or
 * more) answers 400, which is what a client that pages through a too-large window meets; without
 * a sort, results come by ascending id; {@code BETWEEN} includes both ends; the default
 * {@code limit} is 10; operators {@code EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN,
 * HAS_PROPERTY, NOT_HAS_PROPERTY} (others answer 400); {@code EQ} on text ignores case.
 */
final class SearchRoute {

    static final int MAX_GROUPS = 5;
    static final int MAX_FILTERS_PER_GROUP = 6;
    static final int MAX_FILTERS = 18;
    static final int MAX_LIMIT = 200;
    static final int MAX_RESULTS = 10_000;

    private record Filter(String property, String operator, String value, String highValue, List<String> values) {
    }

    private final HubSpotStore store;

    SearchRoute(HubSpotStore store) {
        this.store = store;
    }

    SaasResponse search(SaasRequest request) {
        HubSpotObjectType type = HubSpotObjectType.of(request.pathParameter("type"));
        JsonNode body = request.json(message -> HubSpotErrors.validation("Invalid input JSON: " + message).response());
        List<List<Filter>> groups = filterGroups(body.path("filterGroups"));
        JsonNode sorts = body.path("sorts");
        if (sorts.size() > 1) {
            throw HubSpotErrors.validation("At most one sort is allowed, got " + sorts.size());
        }
        String sortProperty = null;
        boolean descending = false;
        if (sorts.size() == 1) {
            JsonNode sort = sorts.get(0);
            sortProperty = sort.isTextual() ? sort.asText() : sort.path("propertyName").asText();
            descending = sort.path("direction").asText("ASCENDING").equalsIgnoreCase("DESCENDING");
        }
        int limit = body.path("limit").asInt(10);
        if (limit < 0 || limit > MAX_LIMIT) {
            throw HubSpotErrors.validation("limit must be between 0 and " + MAX_LIMIT + ", got " + limit);
        }
        int after = offset(body.path("after"));
        if (after >= MAX_RESULTS) {
            throw HubSpotErrors.validation("The search can page through at most " + MAX_RESULTS
                    + " results; narrow the query (after=" + after + ")");
        }
        String query = body.path("query").asText("").toLowerCase(Locale.ROOT);
        List<String> properties = new ArrayList<>();
        body.path("properties").forEach(name -> properties.add(name.asText()));

        List<HubSpotObject> matching = new ArrayList<>();
        for (HubSpotObject object : store.all(type)) {
            if (!object.archived() && matches(object, groups) && matchesQuery(object, type, query)) {
                matching.add(object);
            }
        }
        Comparator<HubSpotObject> byId = Comparator.comparingLong(object -> Long.parseLong(object.id()));
        if (sortProperty != null) {
            String property = sortProperty;
            Comparator<HubSpotObject> byProperty = (a, b) -> compareNullsLast(a.property(property), b.property(property));
            matching.sort((descending ? byProperty.reversed() : byProperty).thenComparing(byId));
        } else {
            matching.sort(byId);
        }
        int end = Math.min(Math.min(matching.size(), after + limit), MAX_RESULTS);
        List<Object> results = new ArrayList<>();
        for (HubSpotObject object : matching.subList(Math.min(after, matching.size()), end)) {
            results.add(HubSpotJson.object(object, type, properties));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", matching.size());
        answer.put("results", results);
        if (end < matching.size() && limit > 0) {
            answer.put("paging", Map.of("next", Map.of("after", Integer.toString(end))));
        }
        return SaasResponse.ok(answer);
    }

    private static List<List<Filter>> filterGroups(JsonNode node) {
        if (node.size() > MAX_GROUPS) {
            throw HubSpotErrors.validation("Too many filter groups: " + node.size() + " > " + MAX_GROUPS);
        }
        List<List<Filter>> groups = new ArrayList<>();
        int total = 0;
        for (JsonNode group : node) {
            JsonNode filters = group.path("filters");
            if (filters.size() > MAX_FILTERS_PER_GROUP) {
                throw HubSpotErrors.validation("Too many filters in a group: " + filters.size() + " > " + MAX_FILTERS_PER_GROUP);
            }
            total += filters.size();
            List<Filter> list = new ArrayList<>();
            for (JsonNode filter : filters) {
                String operator = filter.path("operator").asText("EQ").toUpperCase(Locale.ROOT);
                if (!List.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY",
                        "NOT_HAS_PROPERTY").contains(operator)) {
                    throw HubSpotErrors.validation("Unsupported operator " + operator);
                }
                String propertyName = filter.path("propertyName").asText("");
                if (propertyName.isEmpty()) {
                    throw HubSpotErrors.validation("Each filter needs a propertyName");
                }
                List<String> values = new ArrayList<>();
                filter.path("values").forEach(value -> values.add(value.asText()));
                String value = filter.hasNonNull("value") ? filter.get("value").asText() : null;
                String highValue = filter.hasNonNull("highValue") ? filter.get("highValue").asText() : null;
                if (operator.equals("BETWEEN") && (value == null || highValue == null)) {
                    throw HubSpotErrors.validation("BETWEEN needs value and highValue");
                }
                list.add(new Filter(propertyName, operator, value, highValue, values));
            }
            groups.add(list);
        }
        if (total > MAX_FILTERS) {
            throw HubSpotErrors.validation("Too many filters: " + total + " > " + MAX_FILTERS + " in all groups");
        }
        return groups;
    }

    private static boolean matches(HubSpotObject object, List<List<Filter>> groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (List<Filter> group : groups) {
            if (group.stream().allMatch(filter -> matches(object.property(filter.property()), filter))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String actual, Filter filter) {
        boolean present = actual != null && !actual.isEmpty();
        return switch (filter.operator()) {
            case "HAS_PROPERTY" -> present;
            case "NOT_HAS_PROPERTY" -> !present;
            case "NEQ" -> !present || compare(actual, filter.value()) != 0;
            case "NOT_IN" -> !present || filter.values().stream().noneMatch(value -> compare(actual, value) == 0);
            default -> present && switch (filter.operator()) {
                case "EQ" -> compare(actual, filter.value()) == 0;
                case "LT" -> compare(actual, filter.value()) < 0;
                case "LTE" -> compare(actual, filter.value()) <= 0;
                case "GT" -> compare(actual, filter.value()) > 0;
                case "GTE" -> compare(actual, filter.value()) >= 0;
                case "BETWEEN" -> compare(actual, filter.value()) >= 0 && compare(actual, filter.highValue()) <= 0;
                case "IN" -> filter.values().stream().anyMatch(value -> compare(actual, value) == 0);
                default -> false;
            };
        };
    }

    private static boolean matchesQuery(HubSpotObject object, HubSpotObjectType type, String query) {
        if (query.isEmpty()) {
            return true;
        }
        return type.defaultProperties.stream().map(object::property)
                .anyMatch(value -> value != null && value.toLowerCase(Locale.ROOT).contains(query));
    }

    private static int compareNullsLast(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return compare(a, b);
    }

    /** Numbers and dates (as epoch ms) numerically, other text ignoring case. */
    static int compare(String actual, String expected) {
        if (expected == null) {
            return 1;
        }
        BigDecimal left = numeric(actual);
        BigDecimal right = numeric(expected);
        if (left != null && right != null) {
            return left.compareTo(right);
        }
        return actual.toLowerCase(Locale.ROOT).compareTo(expected.toLowerCase(Locale.ROOT));
    }

    private static BigDecimal numeric(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            try {
                return BigDecimal.valueOf(Instant.parse(text).toEpochMilli());
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return BigDecimal.valueOf(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                } catch (DateTimeParseException notADate) {
                    return null;
                }
            }
        }
    }

    private static int offset(JsonNode after) {
        if (after.isMissingNode() || after.isNull() || after.asText().isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(after.asText());
        } catch (NumberFormatException e) {
            throw HubSpotErrors.validation("after must be a number, got '" + after.asText() + "'");
        }
    }
}

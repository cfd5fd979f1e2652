package dev.ferry.testkit.saas.powerbi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST .../datasets/{datasetId}/executeQueries}, in My workspace or a group.
 *
 * <p>Documented: body {@code {queries: [{query}], serializerSettings: {includeNulls}}}; answer
 * {@code {results: [{tables: [{rows: [{"Table[Column]": value}]}]}]}}; one query per call; a DAX
 * error answers 400; a query over the row limit (100,000 rows or 1,000,000 values, whichever comes
 * first) or asking for more than one table answers 200 with the data cut and an error naming it
 * ("More than {allowed number} rows in a query result", "More than one result table in a query");
 * 120 query requests per minute per user.
 *
 * <p>Choices (UNCONFIRMED): the cut is signalled by {@code error: {code: "QueryRowLimitExceeded",
 * message}} on the table whose rows were cut, and more than one table by {@code error: {code:
 * "MoreThanOneResultTable", message}} on the result (the REST reference gives both objects an
 * {@code error} property; where the service puts which is not documented). The values limit counts
 * the columns of the answer's rows. The 15 MB limit is not modelled. Without {@code includeNulls:
 * true}, null values are left out of the rows, as the setting's name says. More than one query
 * answers 400 {@code InvalidRequest}; an unknown dataset, or one outside the group asked for, 404.
 */
final class QueryRoute {

    static final String ROW_LIMIT_CODE = "QueryRowLimitExceeded";
    static final String TABLES_CODE = "MoreThanOneResultTable";

    private final Map<String, PowerBiDataset> datasets;
    private final PowerBiTokens tokens;
    private final Supplier<PowerBiLimits> limits;

    QueryRoute(Map<String, PowerBiDataset> datasets, PowerBiTokens tokens, Supplier<PowerBiLimits> limits) {
        this.datasets = datasets;
        this.tokens = tokens;
        this.limits = limits;
    }

    SaasResponse execute(SaasRequest request) {
        String user = tokens.userOf(request.header("Authorization"));
        PowerBiLimits limits = this.limits.get();
        RateLimitWindow.Decision decision = limits.queries().record(user);
        if (!decision.allowed()) {
            throw new SaasHttpException(PowerBiErrors.error(429, "TooManyRequests",
                    "More than " + limits.queries().limit() + " query requests per minute for this user")
                    .withHeader("Retry-After", PowerBiLimits.retryAfter(decision.retryAfter())));
        }
        PowerBiDataset dataset = dataset(datasets, request);
        JsonNode body = request.json(message -> PowerBiErrors.error(400, "InvalidRequest", message));
        JsonNode queries = body.path("queries");
        if (!queries.isArray() || queries.size() != 1) {
            throw PowerBiErrors.http(400, "InvalidRequest", "Exactly one query per call is supported, got "
                    + (queries.isArray() ? queries.size() : 0));
        }
        String query = queries.get(0).path("query").asText("");
        boolean includeNulls = body.path("serializerSettings").path("includeNulls").asBoolean(false);

        List<Map<String, Object>> rows = dataset.answerFor(query);
        int statements = 1;
        if (rows == null) {
            DaxQuery parsed = DaxQuery.parse(query);
            if (parsed == null) {
                throw PowerBiErrors.daxFailure("Query (1, 1) The fake Power BI does not evaluate this query;"
                        + " register its answer or use EVALUATE 'Table', TOPN or FILTER: " + query);
            }
            String table = DaxQuery.table(parsed.expression());
            List<Map<String, Object>> tableRows = dataset.rows(table);
            if (tableRows == null) {
                throw PowerBiErrors.daxFailure("Query (1, 10) Cannot find table '" + table + "'.");
            }
            rows = qualified(table, DaxQuery.evaluate(parsed.expression(), tableRows));
            statements = parsed.statements();
        }

        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> columns.addAll(row.keySet()));
        int allowed = Math.min(limits.maxQueryRows(), limits.maxQueryValues() / Math.max(1, columns.size()));
        Map<String, Object> table = new LinkedHashMap<>();
        List<Map<String, Object>> answered = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(0, Math.min(allowed, rows.size()))) {
            Map<String, Object> written = new LinkedHashMap<>();
            row.forEach((column, value) -> {
                if (value != null || includeNulls) {
                    written.put(column, value);
                }
            });
            answered.add(written);
        }
        table.put("rows", answered);
        if (rows.size() > allowed) {
            table.put("error", Map.of("code", ROW_LIMIT_CODE, "message", "More than " + allowed + " rows in a query result"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tables", List.of(table));
        if (statements > 1) {
            result.put("error", Map.of("code", TABLES_CODE, "message", "More than one result table in a query"));
        }
        return SaasResponse.ok(Map.of("results", List.of(result)));
    }

    private static List<Map<String, Object>> qualified(String table, List<Map<String, Object>> rows) {
        List<Map<String, Object>> qualified = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> named = new LinkedHashMap<>();
            row.forEach((column, value) -> named.put(table + "[" + column + "]", value));
            qualified.add(named);
        }
        return qualified;
    }

    /** The dataset of the path; 404 when unknown, or when a group is named and the dataset is not in it. */
    static PowerBiDataset dataset(Map<String, PowerBiDataset> datasets, SaasRequest request) {
        String id = request.pathParameter("datasetId");
        PowerBiDataset dataset = datasets.get(id);
        String groupId = request.pathParameter("groupId");
        if (dataset == null || groupId != null && !groupId.equals(dataset.groupId)) {
            throw PowerBiErrors.http(404, "ItemNotFound", "Dataset " + id + " is not found"
                    + (groupId == null ? "" : " in group " + groupId));
        }
        return dataset;
    }
}

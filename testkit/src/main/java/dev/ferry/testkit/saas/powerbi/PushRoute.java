package dev.ferry.testkit.saas.powerbi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST .../datasets/{datasetId}/tables/{tableName}/rows} with {@code {rows: [...]}} and
 * {@code DELETE} of the same path (empties the table), in My workspace or a group.
 *
 * <p>Documented: at most 10,000 rows per request, 1,000,000 rows added per hour and 120 requests
 * per minute per dataset; only push datasets take rows. Choices (UNCONFIRMED): more than 10,000
 * rows answers 400 {@code InvalidRequest} and stores none; the calls limit is counted before the
 * rows are looked at, the rows limit after; a request over either answers 429 with
 * {@code Retry-After} and stores nothing; a dataset that is not a push dataset answers 400, a table
 * it does not declare 404; success answers 200 with an empty body. Column types and the 4,000
 * characters per string value are not checked.
 */
final class PushRoute {

    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private final Map<String, PowerBiDataset> datasets;
    private final Supplier<PowerBiLimits> limits;

    PushRoute(Map<String, PowerBiDataset> datasets, Supplier<PowerBiLimits> limits) {
        this.datasets = datasets;
        this.limits = limits;
    }

    SaasResponse push(SaasRequest request) {
        PowerBiDataset dataset = QueryRoute.dataset(datasets, request);
        String table = table(dataset, request);
        PowerBiLimits limits = this.limits.get();
        RateLimitWindow.Decision call = limits.pushCalls().record(dataset.id);
        if (!call.allowed()) {
            throw tooMany("More than " + limits.pushCalls().limit() + " push requests per minute for dataset " + dataset.id,
                    call.retryAfter());
        }
        JsonNode rows = request.json(message -> PowerBiErrors.error(400, "InvalidRequest", message)).path("rows");
        if (!rows.isArray()) {
            throw PowerBiErrors.http(400, "InvalidRequest", "The body must be {\"rows\": [...]}");
        }
        if (rows.size() > limits.maxRowsPerPush()) {
            throw PowerBiErrors.http(400, "InvalidRequest", "Too many rows in one request: " + rows.size() + " > "
                    + limits.maxRowsPerPush());
        }
        RowBudget.Decision budget = limits.pushRows().add(dataset.id, rows.size());
        if (!budget.allowed()) {
            throw tooMany("More than " + limits.pushRows().limit() + " rows added per hour to dataset " + dataset.id,
                    budget.retryAfter());
        }
        List<Map<String, Object>> parsed = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            parsed.add(SaasRequest.JSON.convertValue(row, ROW));
        }
        dataset.append(table, parsed);
        return new SaasResponse(200, Map.of(), new byte[0]);
    }

    SaasResponse clear(SaasRequest request) {
        PowerBiDataset dataset = QueryRoute.dataset(datasets, request);
        dataset.clear(table(dataset, request));
        return new SaasResponse(200, Map.of(), new byte[0]);
    }

    private static String table(PowerBiDataset dataset, SaasRequest request) {
        if (!dataset.push) {
            throw PowerBiErrors.http(400, "InvalidRequest", "Dataset " + dataset.id + " is not a push dataset");
        }
        String table = request.pathParameter("tableName");
        if (!dataset.hasTable(table)) {
            throw PowerBiErrors.http(404, "ItemNotFound", "Table " + table + " is not found in dataset " + dataset.id);
        }
        return table;
    }

    private static SaasHttpException tooMany(String message, java.time.Duration wait) {
        return new SaasHttpException(PowerBiErrors.error(429, "TooManyRequests", message)
                .withHeader("Retry-After", PowerBiLimits.retryAfter(wait)));
    }
}

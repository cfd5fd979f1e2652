package dev.ferry.testkit.saas.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The task routes under {@code /v1.0/planner}.
 *
 * <p>Documented: the plan's task list answers {@code {value, @odata.nextLink}} with an absolute
 * next link; {@code PATCH} and {@code DELETE} of a task need {@code If-Match} with the task's
 * current etag, and answer 412 when it has changed since; a patch answers 204, or 200 with the task
 * when {@code Prefer: return=representation} is sent; a new task answers 201.
 *
 * <p>Choices (UNCONFIRMED): a missing {@code If-Match} answers 400 with the message quoted in public
 * Graph issues ("The If-Match header must be specified for this kind of request."), not 428; an
 * {@code If-Match} of {@code *} is not accepted (412), since Planner asks for the etag itself; the
 * next link carries an opaque {@code $skiptoken} (the creation position of the next task, so a task
 * deleted between pages does not shift the rest); pages hold 100 tasks unless the test sets another
 * size; a new task needs {@code planId} (404 when the plan is unknown) and {@code title}; unknown
 * tasks answer 404 with an empty code. Single reads and writes answer the etag in {@code ETag} too.
 */
final class TaskRoutes {

    private final PlannerStore store;
    private final Clock clock;
    private final Supplier<String> baseUrl;
    private final IntSupplier pageSize;

    TaskRoutes(PlannerStore store, Clock clock, Supplier<String> baseUrl, IntSupplier pageSize) {
        this.store = store;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.pageSize = pageSize;
    }

    SaasResponse list(SaasRequest request) {
        String planId = request.pathParameter("planId");
        if (!store.hasPlan(planId)) {
            throw notFound();
        }
        long from = skipToken(request.queryParameter("$skiptoken"));
        int size = pageSize.getAsInt();
        List<PlannerTask> page = store.page(planId, from, size);
        List<Object> value = new ArrayList<>();
        for (PlannerTask task : page.subList(0, Math.min(size, page.size()))) {
            value.add(task.json());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#planner/plans('" + planId + "')/tasks");
        body.put("value", value);
        if (page.size() > size) {
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Long.toString(page.get(size).sequence()).getBytes(StandardCharsets.UTF_8));
            body.put("@odata.nextLink", baseUrl.get() + "/v1.0/planner/plans/" + planId + "/tasks?$skiptoken=" + token);
        }
        return SaasResponse.ok(body);
    }

    SaasResponse get(SaasRequest request) {
        PlannerTask task = store.task(request.pathParameter("taskId"));
        if (task == null) {
            throw notFound();
        }
        return withTask(200, task);
    }

    SaasResponse create(SaasRequest request) {
        JsonNode body = json(request);
        String planId = body.path("planId").asText("");
        if (planId.isEmpty() || body.path("title").asText("").isEmpty()) {
            throw GraphErrors.http(400, "", "Invalid request: planId and title are required.");
        }
        if (!store.hasPlan(planId)) {
            throw notFound();
        }
        return withTask(201, store.create(planId, body, clock.instant()));
    }

    SaasResponse update(SaasRequest request) {
        String id = request.pathParameter("taskId");
        JsonNode body = json(request);
        PlannerTask changed;
        synchronized (store) {
            checkEtag(request, id);
            changed = store.change(id, body, clock.instant());
        }
        String prefer = request.header("Prefer");
        if (prefer != null && prefer.contains("return=representation")) {
            return withTask(200, changed);
        }
        return new SaasResponse(204, Map.of(), new byte[0]);
    }

    SaasResponse delete(SaasRequest request) {
        String id = request.pathParameter("taskId");
        synchronized (store) {
            checkEtag(request, id);
            store.delete(id);
        }
        return new SaasResponse(204, Map.of(), new byte[0]);
    }

    private void checkEtag(SaasRequest request, String id) {
        PlannerTask task = store.task(id);
        if (task == null) {
            throw notFound();
        }
        String ifMatch = request.header("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            throw GraphErrors.http(400, "", "The If-Match header must be specified for this kind of request.");
        }
        if (!ifMatch.trim().equals(task.etag())) {
            throw GraphErrors.http(412, "", "The If-Match header contains an invalid value: the task has changed since it was read.");
        }
    }

    private static SaasResponse withTask(int status, PlannerTask task) {
        return SaasResponse.json(status, task.json()).withHeader("ETag", task.etag());
    }

    private static JsonNode json(SaasRequest request) {
        return request.json(message -> GraphErrors.error(400, "Invalid request: " + message));
    }

    private static long skipToken(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw GraphErrors.http(400, "", "Invalid request: the $skiptoken is not valid.");
        }
    }

    private static dev.ferry.testkit.saas.SaasHttpException notFound() {
        return GraphErrors.http(404, "", "The requested item is not found.");
    }
}

package dev.ferry.testkit.saas.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasFake;
import dev.ferry.testkit.saas.SaasRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake Microsoft Graph Planner API (tasks of plans) on 127.0.0.1, for tests and benchmarks of
 * connectors that read and write Planner tasks.
 *
 * <p>Follows the documented facts (microsoftgraph/microsoft-graph-docs-contrib as gathered in the
 * project's API notes): {@code GET /v1.0/planner/plans/{id}/tasks} paged by an absolute
 * {@code @odata.nextLink}; tasks with {@code id, planId, bucketId, title, percentComplete, priority,
 * startDateTime, dueDateTime, completedDateTime, createdDateTime, assignments, appliedCategories,
 * @odata.etag}; {@code GET|PATCH|DELETE /v1.0/planner/tasks/{id}} and {@code POST /v1.0/planner/tasks};
 * {@code If-Match} required on PATCH and DELETE, 412 when the etag is no longer current, a new etag
 * on every change; 429 with {@code Retry-After} when throttled; bearer tokens; errors
 * {@code {error: {code, message, innerError}}}.
 *
 * <p>Choices where the documentation is silent, each marked UNCONFIRMED in its class: 400 (not 428)
 * for a missing {@code If-Match}, the etag's inner form, the page size and skip token, the error
 * codes and messages, no rate limit unless a test sets one. Buckets are not checked, task details,
 * boards and delta queries (beta only) are not modelled; a 409 can be injected as a fault.
 *
 * <p>Its {@link #baseUrl()} stands for {@code https://graph.microsoft.com}; routes start with {@code /v1.0}.
 */
public final class FakePlanner extends SaasFake {

    public static final String DEFAULT_PLAN = "FakePlan0000000000000000001";
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final Clock clock;
    private final PlannerStore store = new PlannerStore();
    private final PlannerGuard guard = new PlannerGuard();
    private final String accessToken = "graph-access-" + randomHex();
    private volatile int pageSize = DEFAULT_PAGE_SIZE;
    private final FakeHttpServer server;

    private FakePlanner(int port, Clock clock) {
        this.clock = Clock.tick(clock, Duration.ofMillis(1));
        guard.register(accessToken);
        store.addPlan(DEFAULT_PLAN);
        AtomicReference<String> baseUrl = new AtomicReference<>();
        TaskRoutes tasks = new TaskRoutes(store, this.clock, baseUrl::get, () -> pageSize);
        server = new FakeHttpServer(port, "", new FakeHttpServer.Routes()
                .add("GET", "/v1.0/planner/plans/{planId}/tasks", tasks::list)
                .add("POST", "/v1.0/planner/tasks", tasks::create)
                .add("GET", "/v1.0/planner/tasks/{taskId}", tasks::get)
                .add("PATCH", "/v1.0/planner/tasks/{taskId}", tasks::update)
                .add("DELETE", "/v1.0/planner/tasks/{taskId}", tasks::delete)
                .list(), guard, GraphErrors::error, this.clock, this::stats);
        baseUrl.set(server.rootUrl());
    }

    public static FakePlanner start() {
        return start(0, Clock.systemUTC());
    }

    public static FakePlanner start(int port, Clock clock) {
        return new FakePlanner(port, clock);
    }

    @Override
    protected FakeHttpServer server() {
        return server;
    }

    // ---- tokens

    public String accessToken() {
        return accessToken;
    }

    public void registerToken(String token) {
        guard.register(token);
    }

    /** The token answers 401 from now on, as when its hour is over. */
    public void expireToken(String token) {
        guard.expire(token);
    }

    // ---- plans and tasks

    public String planId() {
        return DEFAULT_PLAN;
    }

    public void addPlan(String planId) {
        store.addPlan(planId);
    }

    /** Creates a task as if made in the Planner app; fields as the API names them. */
    public PlannerTask addTask(String planId, Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        all.put("planId", planId);
        return store.create(planId, SaasRequest.JSON.valueToTree(all), clock.instant());
    }

    /** {@code count} tasks titled {@code Task <i>} in the plan. */
    public List<PlannerTask> generateTasks(String planId, int count) {
        List<PlannerTask> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            created.add(addTask(planId, Map.of("title", "Task " + i, "bucketId", "FakeBucket0001")));
        }
        return created;
    }

    /**
     * Changes a task as another user would, behind the client's back: its etag changes, so a
     * client's PATCH or DELETE with the etag it read answers 412.
     */
    public PlannerTask changeTask(String taskId, Map<String, Object> changes) {
        if (store.task(taskId) == null) {
            throw new IllegalArgumentException("The fake Planner has no task " + taskId);
        }
        JsonNode node = SaasRequest.JSON.valueToTree(changes);
        return store.change(taskId, node, clock.instant());
    }

    public PlannerTask deleteTask(String taskId) {
        return store.delete(taskId);
    }

    public PlannerTask task(String taskId) {
        return store.task(taskId);
    }

    /** The plan's tasks in creation order. */
    public List<PlannerTask> tasks(String planId) {
        return store.tasks(planId);
    }

    /** Tasks per page of the plan's task list (100 by default). */
    public void setPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("The page size must be at least 1, got " + size);
        }
        this.pageSize = size;
    }

    // ---- throttling, faults, requests

    /** The next {@code times} requests (any route) answer 429 {@code TooManyRequests} with {@code Retry-After}. */
    public void throttle(int times, Duration retryAfter) {
        injectFault(Fault.tooManyRequests(retryAfter).times(times));
    }

    /** A limit per token, enforced with 429 and {@code Retry-After}; null removes it (the default). */
    public void setRateLimit(Integer limit, Duration window) {
        guard.setLimit(limit == null ? null : new RateLimitWindow(limit, window, RateLimitWindow.Mode.SLIDING, true, clock));
    }

    /** Requests over the limit set by {@link #setRateLimit}; 0 without one. */
    public long violations() {
        RateLimitWindow limit = guard.limit();
        return limit == null ? 0 : limit.violations();
    }

    private Object stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("tasks", store.tasks(DEFAULT_PLAN).size());
        stats.put("violations", violations());
        stats.put("requestsByRoute", requestCounts());
        return stats;
    }
}

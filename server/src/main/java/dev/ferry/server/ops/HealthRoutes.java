package dev.ferry.server.ops;

import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.store.ServerDatabase;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code /health}: the process is alive. {@code /ready}: it can do its work: the state store answers
 * and every registered check (the scheduler's, ...) passes. The only routes without a token; they
 * say nothing but up or down.
 */
public final class HealthRoutes {
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    public HealthRoutes(ServerDatabase database) {
        checks.put("state_store", database::isReachable);
    }

    /** Adds a readiness check, such as whether the scheduler runs. */
    public HealthRoutes check(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    public void register(ApiRoutes routes) {
        routes.get("/health", null, "The process is alive", ctx -> ctx.json(Map.of("status", "up")));
        routes.get("/ready", null, "The state store answers and the scheduler runs", this::ready);
    }

    private void ready(Context ctx) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean passed;
            try {
                passed = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                passed = false;
            }
            results.put(check.getKey(), passed ? "up" : "down");
            ready &= passed;
        }
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "up" : "down", "checks", results));
    }
}

package dev.ferry.server.metrics;

import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiRoutes;

/** {@code GET /metrics} for Prometheus, which sends a viewer's bearer token ({@code authorization} in its scrape config). */
public final class MetricsRoutes {
    private final MetricsService metrics;

    public MetricsRoutes(MetricsService metrics) {
        this.metrics = metrics;
    }

    public void register(ApiRoutes routes) {
        routes.get("/metrics", Role.VIEWER, "Metrics in the Prometheus text format",
                ctx -> ctx.contentType(MetricsService.contentType()).result(metrics.scrape()));
    }
}

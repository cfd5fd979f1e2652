package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** One route of the fake: which methods, which key permission, the body limit, and what it answers. */
interface Route {

    long DEFAULT_BODY_LIMIT = 20L * 1024 * 1024;

    Set<String> methods();

    /** The permission the deploy key needs; null when the route takes no deploy key (functions). */
    Permission permission();

    /** Bodies over this answer 400 {@code BadJsonBody}. */
    default long bodyLimit() {
        return DEFAULT_BODY_LIMIT;
    }

    /** The JSON answered with status 200; errors are thrown as {@link ConvexHttpException}. */
    JsonNode handle(ConvexRequest request);
}

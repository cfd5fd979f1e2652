package dev.ferry.server.http;

import dev.ferry.server.auth.Role;

/**
 * A registered route: what the OpenAPI document and the role tests compare against.
 *
 * @param method  GET, POST, PUT, DELETE or SSE (a GET that streams events)
 * @param path    in Javalin's form, {@code /api/runs/{id}}
 * @param role    the least role it needs; null for the public ones
 * @param summary one line on what it does
 */
public record RouteInfo(String method, String path, Role role, String summary) {
}

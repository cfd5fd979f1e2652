package dev.ferry.testkit.convex;

/**
 * A request the fake received, for assertions.
 *
 * @param bodyBytes the request body's length, or -1 when it was over the route's limit
 * @param fault the fault applied to it, or null
 * @param status the status sent (for a dropped connection, the status of the cut-off response)
 */
public record RecordedRequest(String method, String path, String query, int bodyBytes, int status, Fault fault) {
}

package dev.ferry.testkit.convex;

/** Which {@code /api/<kind>} route may call a function; {@code /api/run/...} calls any. */
public enum FunctionKind {
    QUERY,
    MUTATION;

    String route() {
        return "/api/" + name().toLowerCase(java.util.Locale.ROOT);
    }
}

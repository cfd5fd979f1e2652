package dev.ferry.server.auth;

/**
 * Who made a request: the name of the token it carried and that token's role, and the address it
 * came from. The audit log records these.
 */
public record Caller(String name, Role role, String address) {

    /** The server itself, for what its scheduler starts. */
    public static Caller scheduler() {
        return new Caller("scheduler", Role.ADMIN, null);
    }
}

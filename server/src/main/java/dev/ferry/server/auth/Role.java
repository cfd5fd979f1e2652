package dev.ferry.server.auth;

import io.javalin.security.RouteRole;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do. Each role can do everything the ones before it can: viewers read, operators
 * also run and cancel, admins also change pipelines, connections, settings and tokens.
 */
public enum Role implements RouteRole {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The lower-case name used in the API and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(role -> role.label().equals(text)).findFirst();
    }
}

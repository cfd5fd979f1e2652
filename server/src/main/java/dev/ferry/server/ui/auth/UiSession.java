package dev.ferry.server.ui.auth;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;

import java.time.Instant;

/**
 * A signed-in dashboard session.
 *
 * @param subject   the user's name, or the API token's name for a token sign-in
 * @param kind      how it signed in
 * @param role      what it may do, the API's roles
 * @param csrfToken the token every form and htmx request of this session carries
 * @param expiresAt when it ends unless used again
 */
public record UiSession(String subject, Kind kind, Role role, String csrfToken, Instant expiresAt) {

    public enum Kind {
        USER, TOKEN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The caller the audit log names: {@code ui:<user>} or {@code ui-token:<token>}. */
    public Caller caller(String address) {
        return new Caller((kind == Kind.USER ? "ui:" : "ui-token:") + subject, role, address);
    }
}

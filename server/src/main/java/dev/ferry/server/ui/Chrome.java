package dev.ferry.server.ui;

import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UiSession;

/**
 * What every page's frame shows: the title, which section of the navigation is current, who is
 * signed in, and the CSRF token its forms and htmx requests carry.
 *
 * @param section one of the navigation's sections ({@link #SECTIONS}); null for none
 */
public record Chrome(String title, String section, String user, Role role, String csrfToken) {
    /** The navigation: label and path, in order. */
    public static final String[][] SECTIONS = {
            {"Overview", UiPaths.OVERVIEW}, {"Logs", UiPaths.LOGS}, {"Connections", UiPaths.CONNECTIONS},
            {"Schedules", UiPaths.SCHEDULES}, {"Settings", UiPaths.SETTINGS}, {"Health", UiPaths.STATUS}};

    public static Chrome of(String title, String section, UiSession session) {
        return new Chrome(title, section, session.subject(), session.role(), session.csrfToken());
    }

    /** The sign-in page's frame: nobody signed in, no navigation. */
    public static Chrome signedOut(String title) {
        return new Chrome(title, null, null, null, null);
    }

    public boolean signedIn() {
        return user != null;
    }

    /** Whether the signed-in role may start, cancel, pause and resume runs. */
    public boolean canOperate() {
        return role != null && role.includes(Role.OPERATOR);
    }

    public boolean isAdmin() {
        return role != null && role.includes(Role.ADMIN);
    }

    /** The JSON of htmx's {@code hx-headers} on the page's body: every htmx request carries the CSRF token. */
    public String htmxHeaders() {
        return "{\"" + UiPaths.CSRF_HEADER + "\": \"" + csrfToken + "\"}";
    }
}

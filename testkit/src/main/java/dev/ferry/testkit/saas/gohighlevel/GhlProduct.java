package dev.ferry.testkit.saas.gohighlevel;

/**
 * The API products the fake serves and the {@code Version} header each requires (GoHighLevel
 * API v2: contacts {@code 2021-07-28}, calendars {@code 2021-04-15}; locations, which holds
 * custom fields, {@code 2021-07-28}). OAuth needs no version.
 */
enum GhlProduct {
    CONTACTS("2021-07-28"),
    CALENDARS("2021-04-15"),
    LOCATIONS("2021-07-28"),
    OAUTH(null);

    private final String version;

    GhlProduct(String version) {
        this.version = version;
    }

    String version() {
        return version;
    }

    static GhlProduct of(String routePattern) {
        if (routePattern.startsWith("/contacts")) {
            return CONTACTS;
        }
        if (routePattern.startsWith("/calendars")) {
            return CALENDARS;
        }
        if (routePattern.startsWith("/locations")) {
            return LOCATIONS;
        }
        if (routePattern.startsWith("/oauth")) {
            return OAUTH;
        }
        // A new route must say which product it belongs to, or it would be served without a token.
        throw new IllegalStateException("The fake GoHighLevel has no product for route " + routePattern);
    }
}

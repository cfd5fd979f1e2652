package dev.ferry.testkit.saas.gohighlevel;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Access tokens (each bound to one location, as sub-account tokens are), refresh tokens and
 * authorization codes. Refresh tokens rotate: one that has been used once is refused after, so a
 * connector that loses the new one it was given cannot go on. Choice (UNCONFIRMED): an access
 * token stays valid until it expires even after a refresh.
 */
final class GhlTokens {

    /** The documented lifetime of an access token: one day (answered as 86399 s). */
    static final Duration ACCESS_LIFETIME = Duration.ofSeconds(86_399);

    record AccessToken(String locationId, Instant expiresAt) {
    }

    record Issued(String accessToken, String refreshToken, String locationId, Duration expiresIn) {
    }

    private final Clock clock;
    private final Map<String, AccessToken> access = new HashMap<>();
    /** refresh token → location; removed once used. */
    private final Map<String, String> refresh = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();

    GhlTokens(Clock clock) {
        this.clock = clock;
    }

    /** The token, or null when it is unknown; see {@link #isExpired}. */
    synchronized AccessToken find(String token) {
        return access.get(token);
    }

    synchronized boolean isExpired(AccessToken token) {
        return token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt());
    }

    /** Accepts a token for the location; {@code lifetime} null: it never expires (a private integration token). */
    synchronized void register(String token, String locationId, Duration lifetime) {
        access.put(token, new AccessToken(locationId, lifetime == null ? null : clock.instant().plus(lifetime)));
    }

    synchronized void expire(String token) {
        AccessToken found = access.get(token);
        if (found == null) {
            throw new IllegalArgumentException("The fake GoHighLevel knows no access token " + token);
        }
        access.put(token, new AccessToken(found.locationId(), clock.instant()));
    }

    synchronized Issued issue(String locationId) {
        String accessToken = "ghl-access-" + randomHex();
        String refreshToken = "ghl-refresh-" + randomHex();
        register(accessToken, locationId, ACCESS_LIFETIME);
        refresh.put(refreshToken, locationId);
        return new Issued(accessToken, refreshToken, locationId, ACCESS_LIFETIME);
    }

    /** New tokens for a refresh token, which is used up; null when it is unknown or already used. */
    synchronized Issued refresh(String refreshToken) {
        String locationId = refresh.remove(refreshToken);
        return locationId == null ? null : issue(locationId);
    }

    synchronized String issueCode(String locationId) {
        String code = "ghl-code-" + randomHex();
        codes.put(code, locationId);
        return code;
    }

    /** New tokens for an authorization code, which is used up; null when it is unknown or already used. */
    synchronized Issued exchange(String code) {
        String locationId = codes.remove(code);
        return locationId == null ? null : issue(locationId);
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

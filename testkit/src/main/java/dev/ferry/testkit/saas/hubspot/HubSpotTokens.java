package dev.ferry.testkit.saas.hubspot;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Access tokens (30 minutes, as {@code expires_in: 1800} documents), refresh tokens and
 * authorization codes, each bound to one account (hub id).
 *
 * <p>Refresh tokens do not rotate by default: HubSpot's OAuth docs describe the refresh token as
 * long-lived and answer the same one on every refresh, so a refresh leaves it valid. With
 * {@link #setRotating(boolean) rotation} on, each refresh answers a new refresh token and the one
 * used is refused after, so a test can check that a connector keeps the token it was given last.
 * Choice (UNCONFIRMED): an access token stays valid until it expires even after a refresh.
 */
final class HubSpotTokens {

    static final Duration ACCESS_LIFETIME = Duration.ofSeconds(1800);

    record AccessToken(long hubId, Instant expiresAt) {
    }

    record Issued(String accessToken, String refreshToken, long hubId, Duration expiresIn) {
    }

    private final Clock clock;
    private final Map<String, AccessToken> access = new HashMap<>();
    private final Map<String, Long> refresh = new HashMap<>();
    private final Map<String, Long> codes = new HashMap<>();
    private boolean rotating;

    HubSpotTokens(Clock clock) {
        this.clock = clock;
    }

    synchronized void setRotating(boolean rotating) {
        this.rotating = rotating;
    }

    synchronized AccessToken find(String token) {
        return access.get(token);
    }

    synchronized boolean isExpired(AccessToken token) {
        return !clock.instant().isBefore(token.expiresAt());
    }

    synchronized void register(String token, long hubId, Duration lifetime) {
        access.put(token, new AccessToken(hubId, clock.instant().plus(lifetime)));
    }

    synchronized void expire(String token) {
        AccessToken found = access.get(token);
        if (found == null) {
            throw new IllegalArgumentException("The fake HubSpot knows no access token " + token);
        }
        access.put(token, new AccessToken(found.hubId(), clock.instant()));
    }

    synchronized Issued issue(long hubId) {
        String refreshToken = "hubspot-refresh-" + randomHex();
        refresh.put(refreshToken, hubId);
        return issueAccess(hubId, refreshToken);
    }

    /** New tokens for a refresh token; null when it is unknown (or used, with rotation on). */
    synchronized Issued refresh(String refreshToken) {
        Long hubId = rotating ? refresh.remove(refreshToken) : refresh.get(refreshToken);
        if (hubId == null) {
            return null;
        }
        return rotating ? issue(hubId) : issueAccess(hubId, refreshToken);
    }

    synchronized String issueCode(long hubId) {
        String code = "hubspot-code-" + randomHex();
        codes.put(code, hubId);
        return code;
    }

    /** New tokens for an authorization code, which is used up; null when unknown or used. */
    synchronized Issued exchange(String code) {
        Long hubId = codes.remove(code);
        return hubId == null ? null : issue(hubId);
    }

    private Issued issueAccess(long hubId, String refreshToken) {
        String accessToken = "hubspot-access-" + randomHex();
        register(accessToken, hubId, ACCESS_LIFETIME);
        return new Issued(accessToken, refreshToken, hubId, ACCESS_LIFETIME);
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

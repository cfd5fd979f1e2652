package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.Guard;
import dev.ferry.testkit.saas.SaasRequest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code Authorization: Bearer <token>} first (401 in HubSpot's error shape: category
 * {@code INVALID_AUTHENTICATION} for a missing or unknown token, {@code EXPIRED_AUTHENTICATION}
 * for an expired one), then the account's rate limits: search routes against the search limit,
 * every other route against the burst and daily limits with their headers. The token route takes
 * neither.
 */
final class HubSpotGuard implements Guard {

    private final HubSpotTokens tokens;
    private final AtomicReference<HubSpotRateLimits> limits;

    HubSpotGuard(HubSpotTokens tokens, AtomicReference<HubSpotRateLimits> limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    @Override
    public void check(SaasRequest request, Map<String, String> responseHeaders) {
        if (request.route().startsWith("/oauth/")) {
            return;
        }
        long hubId = hubOf(request);
        if (request.route().endsWith("/search")) {
            limits.get().countSearch(hubId);
        } else {
            limits.get().count(hubId, responseHeaders);
        }
    }

    private long hubOf(SaasRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HubSpotErrors.http(401, "INVALID_AUTHENTICATION",
                    "Authentication credentials not found. This API supports OAuth 2.0 authentication.");
        }
        HubSpotTokens.AccessToken token = tokens.find(authorization.substring(7).trim());
        if (token == null) {
            throw HubSpotErrors.http(401, "INVALID_AUTHENTICATION", "The OAuth token used to make this call is not valid.");
        }
        if (tokens.isExpired(token)) {
            throw HubSpotErrors.http(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired.");
        }
        return token.hubId();
    }
}

package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.Guard;
import dev.ferry.testkit.saas.SaasRequest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In order: {@code Authorization: Bearer <token>} (401 for a missing, unknown or expired token),
 * the location's rate limits (so every later answer, errors included, carries the rate-limit
 * headers), then the product's {@code Version} header (400 when missing or not the product's).
 * The OAuth token route takes none of these. The request's location is its token's.
 */
final class GhlGuard implements Guard {

    private final GhlTokens tokens;
    private final AtomicReference<GhlRateLimits> limits;

    GhlGuard(GhlTokens tokens, AtomicReference<GhlRateLimits> limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    @Override
    public void check(SaasRequest request, Map<String, String> responseHeaders) {
        GhlProduct product = GhlProduct.of(request.route());
        if (product == GhlProduct.OAUTH) {
            return;
        }
        String locationId = locationOf(request, tokens);
        limits.get().count(locationId, responseHeaders);
        String version = request.header("Version");
        if (version == null || version.isBlank()) {
            throw GhlErrors.http(400, "Version header was not found");
        }
        if (!version.equals(product.version())) {
            throw GhlErrors.http(400, "Version header is invalid: this API takes " + product.version());
        }
    }

    /** The location of the request's bearer token; 401 when there is none that is valid. */
    static String locationOf(SaasRequest request, GhlTokens tokens) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw GhlErrors.http(401, "Invalid JWT: send Authorization: Bearer <token>");
        }
        GhlTokens.AccessToken token = tokens.find(authorization.substring(7).trim());
        if (token == null) {
            throw GhlErrors.http(401, "Invalid JWT");
        }
        if (tokens.isExpired(token)) {
            throw GhlErrors.http(401, "Invalid JWT: the token has expired");
        }
        return token.locationId();
    }
}

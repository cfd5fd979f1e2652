package dev.ferry.testkit.saas.powerbi;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens, each for one user (the query limit is per user). Tokens are acquired from Entra
 * ID, which the fake does not imitate: a test registers them and expires them. A missing, unknown or
 * expired token answers 401 {@code TokenExpired} (UNCONFIRMED: Power BI's 401 body varies; the fake
 * always sends one).
 */
final class PowerBiTokens {

    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();

    void register(String token, String user) {
        users.put(token, user);
        expired.remove(token);
    }

    void expire(String token) {
        if (!users.containsKey(token)) {
            throw new IllegalArgumentException("The fake Power BI knows no token " + token);
        }
        expired.add(token);
    }

    /** The user of the request's bearer token; 401 when there is none that is valid. */
    String userOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw PowerBiErrors.http(401, "TokenExpired", "Authorization: Bearer <token> is required");
        }
        String token = authorization.substring(7).trim();
        String user = users.get(token);
        if (user == null) {
            throw PowerBiErrors.http(401, "TokenExpired", "The access token is not valid");
        }
        if (expired.contains(token)) {
            throw PowerBiErrors.http(401, "TokenExpired", "Access token has expired, resubmit with a new access token");
        }
        return user;
    }
}

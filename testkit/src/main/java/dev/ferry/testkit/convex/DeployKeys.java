package dev.ferry.testkit.convex;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploy keys the fake accepts in {@code Authorization: Convex <key>}, each with its
 * permissions. A missing header answers 403 {@code BadDeployKey} and an unknown key 401
 * {@code BadAdminKey}, as in Convex's source. Choice (not documented by Convex): a known key that
 * lacks the route's permission answers 403 {@code InsufficientPermissions}.
 */
final class DeployKeys {

    private static final String SCHEME = "Convex ";
    private final Map<String, Set<Permission>> keys = new ConcurrentHashMap<>();

    void add(String key, Set<Permission> permissions) {
        keys.put(key, permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions));
    }

    void check(String authorization, Permission needed) {
        if (authorization == null || authorization.isBlank()) {
            throw new ConvexHttpException(403, "BadDeployKey", "Missing Authorization header: expected 'Convex <deploy key>'");
        }
        if (!authorization.startsWith(SCHEME)) {
            throw new ConvexHttpException(403, "BadDeployKey", "Authorization header must start with 'Convex '");
        }
        Set<Permission> granted = keys.get(authorization.substring(SCHEME.length()).trim());
        if (granted == null) {
            throw new ConvexHttpException(401, "BadAdminKey", "The provided deploy key is not valid for this deployment");
        }
        if (!granted.contains(needed)) {
            throw new ConvexHttpException(403, "InsufficientPermissions", "The deploy key lacks the " + needed + " permission");
        }
    }
}

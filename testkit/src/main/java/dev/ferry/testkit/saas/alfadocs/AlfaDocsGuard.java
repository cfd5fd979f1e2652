package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.Guard;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasRequest;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code X-Api-Key}: missing or unknown answers 401. A key belongs to one archive, so a path
 * naming another practice or archive answers 403 (a choice; the documentation does not say).
 * Then the request is counted against the rate limit of its key: AlfaDocs documents no limit, its
 * assistant speaks of 10 requests/s, so by default the fake counts and records violations but
 * serves the request; an enforced limit answers 429 with {@code Retry-After} in seconds.
 */
final class AlfaDocsGuard implements Guard {

    private final Set<String> keys;
    private final long practiceId;
    private final long archiveId;
    private final AtomicReference<RateLimitWindow> rateLimit;

    AlfaDocsGuard(Set<String> keys, long practiceId, long archiveId, AtomicReference<RateLimitWindow> rateLimit) {
        this.keys = keys;
        this.practiceId = practiceId;
        this.archiveId = archiveId;
        this.rateLimit = rateLimit;
    }

    @Override
    public void check(SaasRequest request, Map<String, String> responseHeaders) {
        String key = request.header("X-Api-Key");
        if (key == null || key.isBlank()) {
            throw AlfaDocsErrors.http(401, "Missing API key: send it in the X-Api-Key header");
        }
        if (!keys.contains(key)) {
            throw AlfaDocsErrors.http(401, "Invalid API key");
        }
        String practice = request.pathParameter("practiceId");
        String archive = request.pathParameter("archiveId");
        if (practice != null && (!practice.equals(Long.toString(practiceId)) || !archive.equals(Long.toString(archiveId)))) {
            throw AlfaDocsErrors.http(403, "This API key has no access to practice " + practice + ", archive " + archive);
        }
        RateLimitWindow.Decision decision = rateLimit.get().record(key);
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            responseHeaders.put("Retry-After", Long.toString(seconds));
            throw AlfaDocsErrors.http(429, "Too many requests: at most " + decision.limit() + " per "
                    + rateLimit.get().window().toMillis() + " ms");
        }
    }
}

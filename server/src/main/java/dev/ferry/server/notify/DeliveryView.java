package dev.ferry.server.notify;

import java.time.Instant;

/**
 * One notice to one target, as {@code GET /api/notifications} shows it.
 *
 * @param channel    {@code email} or {@code webhook}
 * @param target     the addresses mailed, or the webhook's scheme, host and port (never its path)
 * @param status     {@code pending}, {@code sent} or {@code failed}
 * @param error      why it failed; null otherwise
 * @param finishedAt when the delivery ended; null while pending
 */
public record DeliveryView(long id, Instant createdAt, String pipeline, long runId, String event, String channel,
                           String target, String status, int attempts, String error, Instant finishedAt) {
}

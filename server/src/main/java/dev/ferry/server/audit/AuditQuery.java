package dev.ferry.server.audit;

import java.time.Instant;

/**
 * Which audit entries to read. Null filters select everything.
 *
 * @param actor   exactly this token name (or {@code scheduler}, {@code cli:<user>})
 * @param action  exactly this action, or those starting with the text before a final {@code *} ({@code token.*})
 * @param target  exactly this target
 * @param outcome {@code ok}, {@code refused} or {@code failed}
 * @param from    at or after this time
 * @param to      before this time
 * @param limit   at most this many, 1 or more
 * @param offset  after skipping this many, 0 or more
 */
public record AuditQuery(String actor, String action, String target, String outcome, Instant from, Instant to,
                         int limit, int offset) {
    public AuditQuery {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be at least 1 and offset at least 0");
        }
    }

    public static AuditQuery all(int limit, int offset) {
        return new AuditQuery(null, null, null, null, null, null, limit, offset);
    }
}

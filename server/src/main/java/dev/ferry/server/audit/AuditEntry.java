package dev.ferry.server.audit;

import java.time.Instant;

/**
 * One change or trigger as the audit log keeps it.
 *
 * @param id      increasing
 * @param at      when it happened
 * @param actor   the token's name, or {@code scheduler} for what the server did by itself
 * @param role    the token's role; null for the server itself
 * @param action  what was asked, e.g. {@code pipeline.run}, {@code token.create}
 * @param target  what it concerned, e.g. a pipeline's or a token's name; null when nothing in particular
 * @param address the client's address; null for the server itself
 * @param outcome {@code ok}, or {@code refused}/{@code failed} and why
 * @param detail  more about it, never a secret; null when nothing more
 */
public record AuditEntry(long id, Instant at, String actor, String role, String action, String target,
                         String address, String outcome, String detail) {
}

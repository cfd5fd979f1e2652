package dev.ferry.server.auth;

import java.time.Instant;

/** A token as it may be shown: never the token itself, nor its hash. */
public record TokenInfo(String name, Role role, Instant createdAt, Instant lastUsedAt) {
}

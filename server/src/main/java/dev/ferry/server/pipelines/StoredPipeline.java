package dev.ferry.server.pipelines;

import java.time.Instant;

/**
 * A pipeline created through the API, as stored.
 *
 * @param yaml its YAML text exactly as sent
 */
public record StoredPipeline(String name, String yaml, String createdBy, Instant createdAt, String updatedBy,
                             Instant updatedAt) {
}

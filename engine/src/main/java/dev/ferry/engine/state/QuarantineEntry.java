package dev.ferry.engine.state;

import java.time.Instant;

/** A stored quarantined row: what {@code ferry quarantine list} and {@code show} print. */
public record QuarantineEntry(long id, String pipeline, String stream, String rowKey, long runId,
                              QuarantineStage stage, String error, RowSnapshot row, Instant quarantinedAt) {
}

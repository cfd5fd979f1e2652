package dev.ferry.server.quarantine;

import dev.ferry.engine.state.QuarantineEntry;

import java.time.Instant;

/**
 * A quarantined row as a list shows it: where and why it was set aside, without its values, which may
 * be personal data and are shown one entry at a time ({@link QuarantineDetailView}).
 *
 * @param stage {@code TRANSFORM} or {@code DESTINATION}
 * @param runId the run that set the row aside last
 */
public record QuarantineEntryView(long id, String pipeline, String stream, String rowKey, String stage, long runId,
                                  Instant quarantinedAt, String error) {

    public static QuarantineEntryView of(QuarantineEntry entry) {
        return new QuarantineEntryView(entry.id(), entry.pipeline(), entry.stream(), entry.rowKey(), entry.stage().name(),
                entry.runId(), entry.quarantinedAt(), entry.error());
    }
}

package dev.ferry.server.quarantine;

import dev.ferry.engine.state.QuarantineEntry;

import java.time.Instant;
import java.util.List;

/**
 * One quarantined row in full: its error and its columns as the source gave them, each with its type
 * and its exact text ({@code null} for SQL NULL).
 */
public record QuarantineDetailView(long id, String pipeline, String stream, String rowKey, String stage, long runId,
                                   Instant quarantinedAt, String error, List<ColumnValue> row) {

    /** A column of the row; {@code value} is the exact text of the value, null for SQL NULL. */
    public record ColumnValue(String name, String type, String value) {
    }

    public static QuarantineDetailView of(QuarantineEntry entry) {
        List<ColumnValue> columns = entry.row().fields().stream()
                .map(field -> new ColumnValue(field.name(), field.type().name(), field.text()))
                .toList();
        return new QuarantineDetailView(entry.id(), entry.pipeline(), entry.stream(), entry.rowKey(),
                entry.stage().name(), entry.runId(), entry.quarantinedAt(), entry.error(), columns);
    }
}

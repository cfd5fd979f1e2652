package dev.ferry.engine.state;

import java.util.Objects;

/**
 * A row a run sets aside, before it is stored in the quarantine.
 *
 * @param rowKey the row's key as {@code name=value} pairs, or for a stream without a key a hash of
 *               the row, so that the same row refused again replaces its entry instead of adding one
 * @param stage  where it failed
 * @param error  why, located (table, column, key) as the run log would say it
 * @param row    the row as the source gave it
 */
public record BadRow(String rowKey, QuarantineStage stage, String error, RowSnapshot row) {
    public BadRow {
        Objects.requireNonNull(rowKey, "rowKey");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(row, "row");
    }
}

package dev.ferry.engine.state;

import java.util.Objects;

/**
 * A row an incremental stream committed at the top of its cursor, as the state store keeps it
 * beside the checkpoint: the next run reads it again and needs to write it only if its content
 * hash differs.
 *
 * @param rowKey the row's key, in the form hash mode uses; never null
 * @param hash   the content hash of the row as written; never null
 * @param cursor the row's cursor value, of the cursor column type's Java class; never null
 */
public record BoundaryRow(String rowKey, byte[] hash, Object cursor) {
    public BoundaryRow {
        Objects.requireNonNull(rowKey, "rowKey");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(cursor, "cursor");
    }
}

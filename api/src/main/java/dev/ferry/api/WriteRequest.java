package dev.ferry.api;

import java.util.Objects;

/**
 * One write of one stream to a destination table.
 *
 * @param table  the destination table, optionally schema-qualified; never null
 * @param schema the records' schema, with destination column names; never null. Upserts need key columns.
 * @param mode    how records are applied; never null
 * @param deletes whether the writer tracks the keys it sees so that {@link StreamWriter#removeUnseen}
 *                can remove the others, and how; {@link DeletePolicy#NONE} for no tracking
 * @param schemaChanges what to do when the table exists and differs from {@code schema}
 */
public record WriteRequest(String table, StreamSchema schema, WriteMode mode, DeletePolicy deletes,
                           SchemaChangePolicy schemaChanges) {

    /**
     * The destination-only column soft deletes set. Streams with soft deletes carry it in their
     * schema (always null in records), so each write of a row clears the mark.
     */
    public static final String SOFT_DELETE_COLUMN = "_ferry_deleted_at";

    public WriteRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deletes, "deletes");
        Objects.requireNonNull(schemaChanges, "schemaChanges");
        if (mode == WriteMode.UPSERT && !schema.hasKey()) {
            throw new IllegalArgumentException("Upserts into " + table + " need key columns");
        }
        if (deletes != DeletePolicy.NONE && mode != WriteMode.UPSERT) {
            throw new IllegalArgumentException("Deletes of missing rows in " + table + " need upserts by key");
        }
        if (deletes == DeletePolicy.SOFT && schema.indexOf(SOFT_DELETE_COLUMN) < 0) {
            throw new IllegalArgumentException("Soft deletes in " + table + " need the column " + SOFT_DELETE_COLUMN);
        }
    }

    /** A write that removes nothing it did not receive a delete for and propagates schema changes. */
    public WriteRequest(String table, StreamSchema schema, WriteMode mode) {
        this(table, schema, mode, DeletePolicy.NONE, SchemaChangePolicy.PROPAGATE);
    }
}

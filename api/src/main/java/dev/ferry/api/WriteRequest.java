package dev.ferry.api;

import java.util.Objects;

/**
 * One write of one stream to a destination table.
 *
 * @param table  the destination table, optionally schema-qualified; never null
 * @param schema the records' schema, with destination column names; never null. Upserts need key columns.
 * @param mode   how records are applied; never null
 */
public record WriteRequest(String table, StreamSchema schema, WriteMode mode) {

    public WriteRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(mode, "mode");
        if (mode == WriteMode.UPSERT && !schema.hasKey()) {
            throw new IllegalArgumentException("Upserts into " + table + " need key columns");
        }
    }
}

package dev.ferry.engine.run;

import dev.ferry.api.StreamSchema;

/**
 * Puts the key of a delete record, read in the source's schema, where the transformed schema has
 * those columns, the rest null: the shape a writer takes a delete in. Keys are never transformed in
 * streams that apply deletes (the plan refuses it), so the values move as they are.
 */
final class DeleteKeys {
    private final int[] from;
    private final int[] to;
    private final int width;

    DeleteKeys(StreamSchema source, StreamSchema transformed) {
        int[] keyIndexes = source.keyIndexes();
        this.from = keyIndexes.clone();
        this.to = new int[keyIndexes.length];
        for (int k = 0; k < keyIndexes.length; k++) {
            to[k] = transformed.indexOf(source.columns().get(keyIndexes[k]).name());
        }
        this.width = transformed.columns().size();
    }

    /** The delete's values in the transformed schema's order. */
    Object[] keyOnly(Object[] sourceValues) {
        Object[] values = new Object[width];
        for (int k = 0; k < from.length; k++) {
            if (to[k] < 0) {
                throw new IllegalStateException("key column " + k + " is not in the transformed schema");
            }
            values[to[k]] = sourceValues[from[k]];
        }
        return values;
    }
}

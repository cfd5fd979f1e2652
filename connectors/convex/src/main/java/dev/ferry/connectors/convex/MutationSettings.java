package dev.ferry.connectors.convex;

/**
 * How the mutation path calls the user's functions ({@link WriteSettings} reads it from the
 * connection's properties).
 *
 * @param upsertFunction the mutation that upserts a batch by key, {@code module:function}
 * @param deleteFunction the mutation that deletes a batch of keys
 * @param authKey        the key the functions check; never shown
 * @param batchRows      the most records (or keys) one call carries
 * @param argumentBytes  the largest request body sent
 * @param int64          whether integers are sent as Convex int64 rather than float64 numbers
 * @param omitNulls      whether a null field is left out of the record rather than sent as null
 */
record MutationSettings(String upsertFunction, String deleteFunction, String authKey, int batchRows,
                        long argumentBytes, boolean int64, boolean omitNulls) {
    static final String UPSERT = "sync:upsertBatch";
    static final String DELETE = "sync:deleteBatch";
    /**
     * Each record's key lookup reads one index range, and a Convex transaction reads at most 4,096;
     * arrays hold at most 8,192 elements and a transaction writes at most 16,000 documents, both
     * looser. A thousand keeps one call well inside Convex's second of user code.
     */
    static final int MAX_BATCH_ROWS = 4096;
    static final int DEFAULT_BATCH_ROWS = 1000;
    /**
     * Arguments may take 16 MiB, and a transaction may write 16 MiB; records stored are about the
     * size of their JSON, so half of that leaves room for Convex's own accounting of a document.
     */
    static final long ARGUMENT_BYTES = 8L * 1024 * 1024;

    MutationSettings {
        if (batchRows < 1 || argumentBytes < 256) {
            throw new IllegalArgumentException("batchRows must be at least 1 and argumentBytes at least 256");
        }
    }

    @Override
    public String toString() {
        return "MutationSettings[" + upsertFunction + ", " + deleteFunction + ", batchRows=" + batchRows + ", int64=" + int64
                + ", omitNulls=" + omitNulls + "]";
    }
}

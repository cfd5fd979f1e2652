package dev.ferry.engine.config;

/** How a stream decides which source rows to read and write. */
public enum SyncMode {
    /** Read every row each run; write by the stream's {@link dev.ferry.api.WriteMode}. */
    FULL_REFRESH,
    /** Read rows whose cursor column reached the last checkpoint (minus the look-back); upsert by key. */
    INCREMENTAL,
    /** Read every row, write only those whose content hash changed since the last run; upsert by key. */
    HASH,
    /**
     * Read the source's own change log (Convex's streaming export): a consistent snapshot first, then
     * every insert, update and delete since, from the position the source gave with the last commit;
     * upsert by key, and with {@code deletes: hard} apply the deletes. Only for sources that
     * {@linkplain dev.ferry.api.Source#readsChanges() read changes}.
     */
    CHANGES
}

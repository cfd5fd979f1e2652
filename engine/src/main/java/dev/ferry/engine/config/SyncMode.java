package dev.ferry.engine.config;

/** How a stream decides which source rows to read and write. */
public enum SyncMode {
    /** Read every row each run; write by the stream's {@link dev.ferry.api.WriteMode}. */
    FULL_REFRESH,
    /** Read rows whose cursor column reached the last checkpoint (minus the look-back); upsert by key. */
    INCREMENTAL,
    /** Read every row, write only those whose content hash changed since the last run; upsert by key. */
    HASH
}

package dev.ferry.api;

/** How a destination applies a stream's records. */
public enum WriteMode {
    /**
     * Replace the table's contents. Everything written between open and the single commit at the end
     * becomes visible at once; an abort leaves the old contents in place.
     */
    OVERWRITE,
    /** Insert new keys, replace rows whose key exists, remove rows for delete records. */
    UPSERT
}

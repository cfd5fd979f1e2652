package dev.ferry.api;

/** What a {@link ChangeRecord} asks the destination to do with the row its key names. */
public enum Operation {
    /** Insert the row, or replace the row with the same key. */
    UPSERT,
    /** Remove the row with this key; only the key values of the record are meaningful. */
    DELETE
}

package dev.ferry.api;

/**
 * What a destination does when an existing table no longer matches the stream's schema. Whatever
 * the policy, a column the source dropped or renamed stays at the destination with its data.
 */
public enum SchemaChangePolicy {
    /** Add new columns and widen columns whose source type grew (longer text, more digits, bigger integers). */
    PROPAGATE,
    /** Leave the table as it is: new columns are not written, values too large for a column fail their row. */
    IGNORE,
    /** Refuse to write until the table is changed by hand. */
    FAIL
}

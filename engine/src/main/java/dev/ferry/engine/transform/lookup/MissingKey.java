package dev.ferry.engine.transform.lookup;

/** What a lookup does with a key that the mapping does not have. A null key is never looked up: it gives null. */
public enum MissingKey {
    /** The row is rejected, naming the key and the file (the default). */
    ERROR,
    /** The looked-up value is null. */
    NULL,
    /** The looked-up value is the lookup's declared default. */
    DEFAULT,
    /** The row is dropped; only for {@link LookupColumns}, since a value transform cannot drop a row. */
    SKIP_ROW
}

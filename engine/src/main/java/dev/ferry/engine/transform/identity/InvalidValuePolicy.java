package dev.ferry.engine.transform.identity;

/**
 * What a value that fails an identity check (a phone number, a tax code, an e-mail address) gets.
 * The choice is the pipeline author's, made once per transform; nothing is ever changed into a
 * different valid-looking value.
 */
public enum InvalidValuePolicy {
    /** The value is rejected: its row fails, or goes to quarantine, with the reason. The default. */
    ERROR,
    /** The value becomes null; the output column is then nullable. */
    NULL,
    /** The value is written exactly as it was read, not normalised. */
    KEEP
}

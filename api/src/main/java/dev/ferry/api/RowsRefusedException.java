package dev.ferry.api;

/**
 * The destination refused the data of at least one row of a {@linkplain StreamWriter#writeIsolated
 * isolated write}: a value out of range or of the wrong form, a character the database cannot
 * store, a constraint. Nothing of that write stays in the open transaction, everything written
 * before it does, and the writer stays usable, so the engine can split the batch to find the rows
 * at fault and write the others.
 *
 * <p>Only for refusals that depend on the rows' data: a lost connection, a missing table or a full
 * disk is some other {@link FerryException}, after which the writer is not usable.
 */
public final class RowsRefusedException extends FerryException {

    public RowsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.ferry.connectors.jdbc;

import dev.ferry.api.WriteCounts;

/**
 * The counts of an applier's open transaction, from what the database reported for each
 * statement. Writer thread only; {@link #take} hands them over at a commit, {@link #reset} drops
 * them at a rollback.
 */
public final class WriteTally {
    private long inserted;
    private long updated;
    private long unchanged;
    private long deleted;

    /** {@code rows} rows loaded into the table (an overwrite, a keyless insert). */
    public void inserted(long rows) {
        inserted += rows;
    }

    /**
     * One upsert of {@code rows} rows with unique keys, of which the database inserted
     * {@code inserted} and changed {@code updated}; the rest it found equal and left alone.
     */
    public void upserted(long rows, long inserted, long updated) {
        if (inserted < 0 || updated < 0 || inserted + updated > rows) {
            throw new IllegalStateException("An upsert of " + rows + " rows cannot have inserted " + inserted
                    + " and updated " + updated);
        }
        this.inserted += inserted;
        this.updated += updated;
        this.unchanged += rows - inserted - updated;
    }

    public void deleted(long rows) {
        deleted += rows;
    }

    /** The counts so far, which then start again from zero. */
    public WriteCounts take() {
        WriteCounts counts = new WriteCounts(inserted, updated, unchanged, deleted);
        reset();
        return counts;
    }

    public void reset() {
        inserted = 0;
        updated = 0;
        unchanged = 0;
        deleted = 0;
    }
}

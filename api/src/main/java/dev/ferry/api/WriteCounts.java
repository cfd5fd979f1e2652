package dev.ferry.api;

/**
 * What a destination did with the records of one committed transaction, as the database counted
 * them: rows it inserted, rows it changed, rows it found already equal to the record and left alone,
 * and rows it deleted (by delete records, or as missing at the source).
 *
 * @param inserted  rows that did not exist and were added
 * @param updated   existing rows whose values changed
 * @param unchanged existing rows already equal to the record, not written
 * @param deleted   rows removed, or marked deleted by a soft delete
 */
public record WriteCounts(long inserted, long updated, long unchanged, long deleted) {

    public static final WriteCounts NONE = new WriteCounts(0, 0, 0, 0);

    public WriteCounts {
        if (inserted < 0 || updated < 0 || unchanged < 0 || deleted < 0) {
            throw new IllegalArgumentException("Write counts cannot be negative: " + inserted + " inserted, "
                    + updated + " updated, " + unchanged + " unchanged, " + deleted + " deleted");
        }
    }

    public WriteCounts plus(WriteCounts other) {
        return new WriteCounts(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged,
                deleted + other.deleted);
    }

    /** Rows the destination wrote: inserted or updated. */
    public long written() {
        return inserted + updated;
    }
}

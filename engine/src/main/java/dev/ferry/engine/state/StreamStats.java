package dev.ferry.engine.state;

import dev.ferry.api.WriteCounts;

/**
 * Counts of one stream in one run. Everything but {@code read} counts only what the destination
 * committed, as it reported it; a retried stream counts each committed row once.
 *
 * @param stream    the stream's name
 * @param read      records read from the source: by the run's last try, plus those earlier tries
 *                  read up to their last commit (what a retry reads again is not counted twice)
 * @param inserted  rows the destination added
 * @param updated   existing rows whose values changed
 * @param unchanged rows read but not written because they were equal: found equal by the
 *                  destination, by a hash comparison (hash mode) or at the cursor boundary (incremental);
 *                  also the rows a transform left out (a filter); shown as {@code skipped}
 * @param deleted   rows deleted, or marked deleted, at the destination
 * @param failed    bad rows set aside in the quarantine: a transform rejected them or the destination refused them
 */
public record StreamStats(String stream, long read, long inserted, long updated, long unchanged, long deleted,
                          long failed) {

    public static StreamStats empty(String stream) {
        return new StreamStats(stream, 0, 0, 0, 0, 0, 0);
    }

    /** Rows the destination wrote: inserted or updated. */
    public long written() {
        return inserted + updated;
    }

    /** Both runs' counts added up, under this stream's name. */
    public StreamStats plus(StreamStats other) {
        return new StreamStats(stream, read + other.read, inserted + other.inserted, updated + other.updated,
                unchanged + other.unchanged, deleted + other.deleted, failed + other.failed);
    }

    /** These counts with a committed transaction's added; {@code read} stays. */
    public StreamStats plus(WriteCounts counts) {
        return new StreamStats(stream, read, inserted + counts.inserted(), updated + counts.updated(),
                unchanged + counts.unchanged(), deleted + counts.deleted(), failed);
    }

    /** These counts with {@code rows} more set aside in the quarantine. */
    public StreamStats plusFailed(long rows) {
        return new StreamStats(stream, read, inserted, updated, unchanged, deleted, failed + rows);
    }

    public StreamStats withRead(long read) {
        return new StreamStats(stream, read, inserted, updated, unchanged, deleted, failed);
    }

    /** One line for logs and the CLI: {@code 10 read, 2 inserted, 1 updated, 7 unchanged, 0 deleted}. */
    public String describe() {
        return read + " read, " + inserted + " inserted, " + updated + " updated, " + unchanged + " unchanged, "
                + deleted + " deleted" + (failed > 0 ? ", " + failed + " quarantined" : "");
    }
}

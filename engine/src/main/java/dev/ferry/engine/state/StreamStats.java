package dev.ferry.engine.state;

/**
 * Counts of one stream in one run.
 *
 * @param stream  the stream's name
 * @param read    records read from the source
 * @param written records the destination committed (upserts)
 * @param deleted records the destination committed as deletes
 * @param failed  records that could not be written
 * @param skipped records read but not written because they did not change (hash mode)
 */
public record StreamStats(String stream, long read, long written, long deleted, long failed, long skipped) {

    public static StreamStats empty(String stream) {
        return new StreamStats(stream, 0, 0, 0, 0, 0);
    }
}

package dev.ferry.engine.config;

/**
 * How many bad rows a stream sets aside in the quarantine before its run fails. A bad row is one a
 * transform rejects or the destination refuses for its data. With both limits 0, the default, the
 * stream quarantines nothing and fails on its first bad row, naming the table, column and key.
 *
 * <p>A run of the stream fails once its bad rows exceed the larger of {@code maxRows} and
 * {@code maxRatio} times the rows read so far; so {@code max_bad_ratio: 0.01} lets one row in a
 * hundred go to the quarantine, and {@code max_bad_rows: 10} ten rows whatever the run's size.
 *
 * @param maxRows  bad rows a run may set aside; 0 or more
 * @param maxRatio bad rows per row read a run may set aside, from 0 to 1
 */
public record BadRowLimits(long maxRows, double maxRatio) {
    public static final BadRowLimits NONE = new BadRowLimits(0, 0);
    /** For a retry of quarantined rows: rows refused again stay where they are, and the retry goes on. */
    public static final BadRowLimits UNLIMITED = new BadRowLimits(Long.MAX_VALUE, 1);

    public BadRowLimits {
        if (maxRows < 0) {
            throw new IllegalArgumentException("max_bad_rows must be 0 or more: " + maxRows);
        }
        if (!(maxRatio >= 0 && maxRatio <= 1)) {
            throw new IllegalArgumentException("max_bad_ratio must be from 0 to 1: " + maxRatio);
        }
    }

    /** Whether bad rows go to the quarantine rather than failing the run at once. */
    public boolean quarantines() {
        return maxRows > 0 || maxRatio > 0;
    }

    /** Whether {@code bad} rows set aside after {@code read} rows read are more than the limits allow. */
    public boolean exceeded(long bad, long read) {
        return bad > Math.max(maxRows, (long) Math.floor(maxRatio * read));
    }

    /** The limits in the words of the pipeline file, for an error message. */
    public String describe() {
        if (maxRatio == 0) {
            return "max_bad_rows: " + maxRows;
        }
        return maxRows == 0 ? "max_bad_ratio: " + maxRatio : "max_bad_rows: " + maxRows + ", max_bad_ratio: " + maxRatio;
    }
}

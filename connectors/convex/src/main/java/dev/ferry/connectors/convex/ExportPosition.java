package dev.ferry.connectors.convex;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.FerryException;

import java.util.Objects;

/**
 * How far a table has been exported, stored as a {@link Checkpoint.LogPosition} in a versioned text:
 * <ul>
 *   <li>{@code v1:snapshot:<ts>:<cursor>}: the snapshot at timestamp {@code ts} has been read up to
 *       and including the page that ended at {@code cursor} (Convex's opaque cursor, the rest of the
 *       text, so it may hold colons); an empty cursor is the snapshot's start, before its first page;</li>
 *   <li>{@code v1:deltas:<cursor>}: every change up to the {@code document_deltas} cursor (a commit
 *       timestamp, exclusive) has been read; a finished snapshot at {@code ts} is {@code v1:deltas:<ts>}.</li>
 * </ul>
 * The version comes first so that a later encoding can be told apart; a text this version does not
 * know is refused, never guessed at.
 */
sealed interface ExportPosition {
    String VERSION = "v1";

    /** The checkpoint that stores this position. */
    Checkpoint.LogPosition checkpoint();

    /** Part-way through the snapshot at {@code timestamp}; {@code cursor} ends the last page read. */
    record Snapshot(long timestamp, String cursor) implements ExportPosition {
        public Snapshot {
            Objects.requireNonNull(cursor, "snapshot cursor");
        }

        @Override
        public Checkpoint.LogPosition checkpoint() {
            return new Checkpoint.LogPosition(VERSION + ":snapshot:" + timestamp + ":" + cursor);
        }
    }

    /** Reading changes after {@code cursor}. */
    record Deltas(long cursor) implements ExportPosition {
        @Override
        public Checkpoint.LogPosition checkpoint() {
            return new Checkpoint.LogPosition(VERSION + ":deltas:" + cursor);
        }
    }

    /**
     * The position a checkpoint of this source holds.
     *
     * @param where names the stream and connection, for the error
     * @throws FerryException for any other checkpoint, or a text this version does not know
     */
    static ExportPosition of(Checkpoint checkpoint, String where) {
        if (!(checkpoint instanceof Checkpoint.LogPosition(String position))) {
            throw new FerryException(where + ": the stored checkpoint " + checkpoint + " is not a position in a Convex export; "
                    + "run again with --full-refresh to start from a new snapshot");
        }
        String[] parts = position.split(":", 4);
        try {
            if (parts.length >= 3 && parts[0].equals(VERSION)) {
                if (parts[1].equals("deltas") && parts.length == 3) {
                    return new Deltas(Long.parseLong(parts[2]));
                }
                if (parts[1].equals("snapshot") && parts.length == 4) {
                    return new Snapshot(Long.parseLong(parts[2]), parts[3]);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new FerryException(where + ": the stored checkpoint '" + position + "' is not a Convex export position this "
                + "version of Ferry knows (v1:snapshot:<timestamp>:<cursor> or v1:deltas:<cursor>); run again with --full-refresh "
                + "to start from a new snapshot");
    }
}

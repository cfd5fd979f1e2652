package dev.ferry.testkit.convex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the streaming import routes remember: the primary key declared per table, and how many
 * more {@code primary_key_indexes_ready} polls answer false. Convex documents that indexes on
 * tables with existing documents take time to backfill; the fake answers false a set number of
 * times after each {@code add_primary_key_indexes} so clients must poll.
 */
final class ImportState {

    private final Map<String, List<String>> primaryKeys = new HashMap<>();
    private int notReadyPolls;
    private int notReadyPollsAfterAdd = 2;

    synchronized void setNotReadyPollsAfterAdd(int polls) {
        this.notReadyPollsAfterAdd = polls;
    }

    synchronized void addPrimaryKey(String table, List<String> fields) {
        primaryKeys.put(table, List.copyOf(fields));
        notReadyPolls = notReadyPollsAfterAdd;
    }

    synchronized List<String> primaryKey(String table) {
        return primaryKeys.get(table);
    }

    synchronized boolean pollReady() {
        if (notReadyPolls > 0) {
            notReadyPolls--;
            return false;
        }
        return true;
    }
}

package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;

import java.time.Duration;

/**
 * Gives a table the primary-key index imports by key need: {@code add_primary_key_indexes} with
 * {@code {"indexes": {table: [["id"]]}}}, then {@code primary_key_indexes_ready} with
 * {@code {"tables": [table]}} until it answers {@code {"indexesReady": true}}. Convex says an index
 * on a new table is ready at once and one on a table with documents takes time to backfill, so the
 * wait is polled (an eighth of {@link ImportSettings#indexPoll()} first, doubling up to it), and
 * bounded by {@link ImportSettings#indexMaxWait()}.
 */
final class PrimaryKeyIndexes {
    static final String ADD = "/api/streaming_import/add_primary_key_indexes";
    static final String READY = "/api/streaming_import/primary_key_indexes_ready";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrimaryKeyIndexes() {
    }

    static void ensure(ConvexApi api, String connection, String table, StreamSchema schema, ImportSettings settings,
                       ConvexApi.Pause pause) {
        ObjectNode add = JSON.createObjectNode();
        add.putObject("indexes").set(table, ImportTableSpec.primaryKey(schema));
        api.send("PUT", ADD, JsonBytes.of(add), ConvexApi.Retry.ALWAYS);
        ObjectNode ready = JSON.createObjectNode();
        ready.putArray("tables").add(table);
        byte[] readyBody = JsonBytes.of(ready);
        Duration waited = Duration.ZERO;
        for (int poll = 1; ; poll++) {
            JsonNode answer = api.send("GET", READY, readyBody, ConvexApi.Retry.ALWAYS);
            if (answer.path("indexesReady").asBoolean(false)) {
                return;
            }
            if (waited.compareTo(settings.indexMaxWait()) >= 0) {
                throw new FerryException("Convex connection " + connection + ", table " + table + ": the primary-key index on "
                        + schema.keyColumns() + " was not ready after " + poll + " polls over " + waited.toMillis()
                        + " ms; Convex may still be backfilling it, run again later");
            }
            // New tables are ready at once and backfills take long, so the first polls come quickly.
            Duration wait = settings.indexPoll().dividedBy(1L << Math.max(0, 4 - poll));
            try {
                pause.sleep(wait, Cancellation.NONE);
                waited = waited.plus(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException("Convex connection " + connection + ", table " + table
                        + ": interrupted while waiting for the primary-key index");
            }
        }
    }

}

package dev.ferry.connectors.convex;

import java.time.Duration;

/**
 * How the streaming import is used.
 *
 * @param bodyLimit       the largest request body sent, in bytes (Convex documents 20 MiB)
 * @param maxRecords      the most records one request carries
 * @param indexPoll       the longest wait between {@code primary_key_indexes_ready} polls
 * @param indexMaxWait    how long a new primary-key index may take to backfill before open fails
 */
record ImportSettings(long bodyLimit, int maxRecords, Duration indexPoll, Duration indexMaxWait) {

    /**
     * 20 MiB bodies, as documented; 1,000 records a request, as Airbyte's destination sends,
     * because an import request is applied as a transaction and Convex limits a transaction to 16,000
     * documents and 16 MiB written (whether those limits bind imports is UNCONFIRMED); an index
     * backfill may take ten minutes on a large table.
     */
    static final ImportSettings DEFAULT = new ImportSettings(20L * 1024 * 1024, 1000, Duration.ofSeconds(1),
            Duration.ofMinutes(10));

    ImportSettings {
        if (bodyLimit < 64 || maxRecords < 1) {
            throw new IllegalArgumentException("bodyLimit must be at least 64 bytes and maxRecords at least 1");
        }
    }
}

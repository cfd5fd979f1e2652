package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.StreamStats;

/**
 * One stream of a pipeline as its page shows it.
 *
 * @param source      the source table, or "query" for a stream that reads a query
 * @param sync        the sync mode, in words ("incremental", "full refresh")
 * @param position    how far it has read: its cursor's value or its change position; null before its first commit
 * @param last        its counts in the pipeline's latest run; null when that run did not reach it
 * @param quarantined rows of it set aside and not resolved yet
 */
public record StreamState(String name, String source, String destination, String sync, String position,
                          StreamStats last, long quarantined) {
}

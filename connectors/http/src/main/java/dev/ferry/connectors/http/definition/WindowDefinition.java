package dev.ferry.connectors.http.definition;

/**
 * A stream read in date windows, for APIs that cap the range one call may ask for (AlfaDocs'
 * appointments: 30 days). Each window is read to its end, through the stream's paging, before the
 * next one starts.
 *
 * @param startParam the query parameter given each window's first day
 * @param endParam   the query parameter given each window's last day (inclusive)
 * @param format     how days are written: a {@link java.time.format.DateTimeFormatter} pattern such
 *                   as {@code yyyy-MM-dd}, or {@code epoch_ms} for the window's start of day in UTC
 * @param days       how many days one window spans, at least 1
 * @param from       the first day: a date ({@code 2024-01-31}) or days from today ({@code -4}); a template
 * @param to         the last day, written alike; a template
 */
public record WindowDefinition(String startParam, String endParam, String format, int days, Template from,
                               Template to) {
}

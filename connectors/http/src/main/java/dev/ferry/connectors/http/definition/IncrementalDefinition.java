package dev.ferry.connectors.http.definition;

/**
 * How a stream reads only what changed since the last run: the record field that says when a record
 * last changed is the stream's cursor, and the value reached is sent back on the next read as
 * {@code {{since}}} (in the query as {@code param}, or wherever the request's templates put it, as
 * a search filter's bound).
 *
 * @param field  the record's field holding its last change (a declared or inferred field); never null
 * @param param  the query parameter given the value reached, or null when the templates use it
 * @param format how the value is written: {@code iso} (as the API gave it), {@code epoch_ms}, or a
 *               {@link java.time.format.DateTimeFormatter} pattern
 * @param sorted whether the API answers in ascending order of {@code field}: then each batch may
 *               checkpoint; otherwise only a read that reached the end does
 * @param start  the {@code {{since}}} of a first read, for APIs whose filter always needs one ("0"
 *               for a filter on epoch milliseconds); null to leave it out
 */
public record IncrementalDefinition(String field, String param, String format, boolean sorted, String start) {
}

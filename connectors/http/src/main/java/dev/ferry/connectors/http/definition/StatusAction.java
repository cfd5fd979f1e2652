package dev.ferry.connectors.http.definition;

/** What a stream does with an answer of a given status that is not a success. */
public enum StatusAction {
    /** Log the call with its response, go on without its records (a 403 on one care plan). */
    SKIP,
    /** Go on without records and without a log line: the status means "none" (a 404 for no rows). */
    EMPTY,
    /** Stop the stream with the call's response in the error (the default for other 4xx). */
    FAIL
}

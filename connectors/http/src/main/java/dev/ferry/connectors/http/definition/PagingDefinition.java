package dev.ferry.connectors.http.definition;

/**
 * How a stream's pages follow each other. Every kind has a stop condition, and a page or cursor
 * that comes back a second time fails the read instead of looping ({@code paging.PageGuard}).
 */
public sealed interface PagingDefinition {

    /** One call answers everything. */
    record None() implements PagingDefinition {
    }

    /**
     * The body carries the next page's URL at {@code pointer} ({@code /links/next},
     * {@code /@odata.nextLink}, {@code /paging/next/link}); absent, null or empty ends the stream.
     */
    record NextLink(String pointer) implements PagingDefinition {
    }

    /** The {@code Link} header's {@code rel="next"} URL (RFC 8288); absent ends the stream. */
    record LinkHeader() implements PagingDefinition {
    }

    /**
     * The answer carries a token at {@code pointer} (in the answer, or with {@code fromLastRecord} in
     * the page's last record, as GoHighLevel's {@code searchAfter}) that the next call sends as query
     * parameter {@code param}, or, when {@code bodyField} is set, as that field of its JSON body, as
     * the JSON it is (an array stays an array). Absent, null or empty ends the stream, as does an
     * empty page, or a page of fewer than {@code size} records when the size is known (0 when not).
     * An API that answers at most {@code cap} results to one query (HubSpot's search: 10,000; 0 for
     * none) is asked again from the last record's incremental value once a query reaches the cap: its
     * answers must be in the order of that value.
     */
    record Cursor(String pointer, String param, String bodyField, boolean fromLastRecord, int size, int cap)
            implements PagingDefinition {
    }

    /** {@code offset} and {@code limit} parameters; a page with fewer than {@code limit} records ends the stream. */
    record Offset(String offsetParam, String limitParam, int limit) implements PagingDefinition {
    }

    /**
     * Numbered pages from {@code first}, with {@code size} records asked for through {@code sizeParam}
     * when set; a page with fewer than {@code size} records (or none) ends the stream.
     */
    record PageNumber(String pageParam, int first, String sizeParam, int size) implements PagingDefinition {
    }
}

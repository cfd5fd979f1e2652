package dev.ferry.testkit.saas.alfadocs;

/**
 * Ways the patient listing can misbehave, for testing that a client's paging stops: the
 * complaints about other sync tools include paging that never ends and a last page loaded twice.
 * Real AlfaDocs is not known to do either; the default is {@link #NONE}.
 */
public enum PagingQuirk {
    /** {@code next} is null on the last page. */
    NONE,
    /** The last page's {@code next} is the last page's own URL, so a client that only follows links loops. */
    LAST_PAGE_LINKS_TO_ITSELF,
    /** Every page has a {@code next}, past the end too (empty pages), so a client must stop on an empty page or on {@code pages}. */
    NEVER_ENDS
}

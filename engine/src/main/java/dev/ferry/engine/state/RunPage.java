package dev.ferry.engine.state;

import java.util.List;

/**
 * One page of the runs a {@link RunFilter} selects.
 *
 * @param items  the runs on this page, newest first
 * @param total  how many runs the filter selects over all pages
 * @param limit  the page size asked for
 * @param offset how many runs come before this page
 */
public record RunPage(List<RunRecord> items, long total, int limit, int offset) {
    public RunPage {
        items = List.copyOf(items);
    }
}

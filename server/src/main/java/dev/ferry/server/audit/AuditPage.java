package dev.ferry.server.audit;

import java.util.List;

/** One page of audit entries, newest first, and how many entries the query selects in all. */
public record AuditPage(List<AuditEntry> items, long total) {
    public AuditPage {
        items = List.copyOf(items);
    }
}

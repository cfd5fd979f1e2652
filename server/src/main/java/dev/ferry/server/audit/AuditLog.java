package dev.ferry.server.audit;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of every change and every trigger. Callers pass only names and outcomes, never
 * request bodies, so no secret can reach it.
 *
 * <p>Routes record what they did and the refusals they decide themselves (a 409, ...); a change
 * request that ends without an entry of its own is recorded by {@link ChangeAudit}, so that even a
 * refusal by authentication, the rate limit or a failure nobody foresaw is on record. To tell the
 * two apart, the log counts, per thread, the entries recorded on it.
 *
 * <p>Thread-safe.
 */
public final class AuditLog {
    private final Sql sql;
    private final Clock clock;
    private final ThreadLocal<long[]> recordedOnThread = ThreadLocal.withInitial(() -> new long[1]);

    public AuditLog(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public void record(Caller caller, String action, String target, String outcome, String detail) {
        sql.update("write the audit log", "INSERT INTO ferry_audit (at, actor, role, action, target, address, outcome, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", clock.millis(), caller.name(),
                caller.role() == null ? null : caller.role().label(), action, target, caller.address(), outcome, detail);
        recordedOnThread.get()[0]++;
    }

    /** How many entries this thread has recorded so far: compared before and after a request. */
    public long recordedOnThisThread() {
        return recordedOnThread.get()[0];
    }

    /** Newest first. */
    public List<AuditEntry> recent(int limit, int offset) {
        return search(AuditQuery.all(limit, offset)).items();
    }

    /** The entries {@code query} selects, newest first, and how many it selects in all. */
    public AuditPage search(AuditQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        condition(where, values, "actor = ?", query.actor());
        if (query.action() != null && query.action().endsWith("*")) {
            condition(where, values, "action LIKE ? ESCAPE '!'", likePrefix(query.action().substring(0, query.action().length() - 1)));
        } else {
            condition(where, values, "action = ?", query.action());
        }
        condition(where, values, "target = ?", query.target());
        condition(where, values, "outcome = ?", query.outcome());
        condition(where, values, "at >= ?", query.from() == null ? null : query.from().toEpochMilli());
        condition(where, values, "at < ?", query.to() == null ? null : query.to().toEpochMilli());
        long total = sql.queryOne("count audit entries", "SELECT count(*) AS n FROM ferry_audit" + where,
                row -> row.getLong("n"), values.toArray()).orElse(0L);
        List<Object> paged = new ArrayList<>(values);
        paged.add(query.limit());
        paged.add(query.offset());
        List<AuditEntry> items = sql.query("read the audit log", "SELECT * FROM ferry_audit" + where
                + " ORDER BY id DESC LIMIT ? OFFSET ?", AuditLog::entry, paged.toArray());
        return new AuditPage(items, total);
    }

    private static void condition(StringBuilder where, List<Object> values, String sql, Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            values.add(value);
        }
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(row.getLong("id"), Instant.ofEpochMilli(row.getLong("at")), row.getString("actor"),
                row.getString("role"), row.getString("action"), row.getString("target"), row.getString("address"),
                row.getString("outcome"), row.getString("detail"));
    }
}

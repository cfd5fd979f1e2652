package dev.ferry.server.audit;

import dev.ferry.server.auth.Caller;
import dev.ferry.server.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The record of every change and every trigger. Callers pass only names and outcomes, never
 * request bodies, so no secret can reach it.
 *
 * <p>Thread-safe.
 */
public final class AuditLog {
    private final Sql sql;
    private final Clock clock;

    public AuditLog(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public void record(Caller caller, String action, String target, String outcome, String detail) {
        sql.update("write the audit log", "INSERT INTO ferry_audit (at, actor, role, action, target, address, outcome, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", clock.millis(), caller.name(),
                caller.role() == null ? null : caller.role().label(), action, target, caller.address(), outcome, detail);
    }

    /** Newest first. */
    public List<AuditEntry> recent(int limit, int offset) {
        return sql.query("read the audit log", "SELECT * FROM ferry_audit ORDER BY id DESC LIMIT ? OFFSET ?",
                AuditLog::entry, limit, offset);
    }

    static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(row.getLong("id"), Instant.ofEpochMilli(row.getLong("at")), row.getString("actor"),
                row.getString("role"), row.getString("action"), row.getString("target"), row.getString("address"),
                row.getString("outcome"), row.getString("detail"));
    }
}

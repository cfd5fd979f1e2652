package dev.ferry.server.notify;

import dev.ferry.api.FerryException;
import dev.ferry.server.store.Sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The log of notices and their delivery, one row per notice and target, in {@code ferry_notify_delivery}:
 * written {@code pending} when a notice is decided, then {@code sent} or {@code failed}. Errors are
 * recorded as the senders report them, which never include a secret.
 *
 * <p>Thread-safe.
 */
public final class Deliveries {
    static final String PENDING = "pending", SENT = "sent", FAILED = "failed";

    private final Sql sql;
    private final Clock clock;

    public Deliveries(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Records a delivery about to be made; returns its id. */
    long open(Notice notice, String channel, String target) {
        return sql.inTransaction("record a notice of " + notice.pipeline(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ferry_notify_delivery "
                    + "(created_at, pipeline, run_id, event, channel, target, status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                    Statement.RETURN_GENERATED_KEYS)) {
                Object[] values = {clock.millis(), notice.pipeline(), notice.runId(), notice.event().label(), channel, target, PENDING};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new FerryException("Server store: no id came back for a new notice delivery");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    void finish(long id, boolean sent, int attempts, String error) {
        sql.update("record how a notice was delivered", "UPDATE ferry_notify_delivery SET status = ?, attempts = ?, error = ?, "
                + "finished_at = ? WHERE id = ?", sent ? SENT : FAILED, attempts, error, clock.millis(), id);
    }

    /** Newest first; {@code pipeline} null for every pipeline. */
    public List<DeliveryView> recent(String pipeline, int limit) {
        List<Object> values = new ArrayList<>();
        String where = "";
        if (pipeline != null) {
            where = " WHERE pipeline = ?";
            values.add(pipeline);
        }
        values.add(limit);
        return sql.query("read the notice deliveries", "SELECT * FROM ferry_notify_delivery" + where + " ORDER BY id DESC LIMIT ?",
                row -> {
                    long finished = row.getLong("finished_at");
                    Instant finishedAt = row.wasNull() ? null : Instant.ofEpochMilli(finished);
                    return new DeliveryView(row.getLong("id"), Instant.ofEpochMilli(row.getLong("created_at")),
                            row.getString("pipeline"), row.getLong("run_id"), row.getString("event"), row.getString("channel"),
                            row.getString("target"), row.getString("status"), row.getInt("attempts"), row.getString("error"),
                            finishedAt);
                }, values.toArray());
    }
}

package dev.ferry.server.pipelines;

import dev.ferry.server.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server's tables of pipelines created through the API and of paused pipelines.
 *
 * <p>Thread-safe.
 */
public final class PipelineStore {
    private final Sql sql;
    private final Clock clock;

    public PipelineStore(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public List<StoredPipeline> list() {
        return sql.query("read the stored pipelines", "SELECT * FROM ferry_pipeline ORDER BY name", PipelineStore::stored);
    }

    public Optional<StoredPipeline> find(String name) {
        return sql.queryOne("read pipeline " + name, "SELECT * FROM ferry_pipeline WHERE name = ?", PipelineStore::stored, name);
    }

    /** Stores the pipeline's text, replacing the one of that name; returns whether it is new. */
    public boolean save(String name, String yaml, String actor) {
        long now = clock.millis();
        return sql.inTransaction("store pipeline " + name, connection -> {
            try (var update = Sql.prepare(connection, "UPDATE ferry_pipeline SET yaml = ?, updated_by = ?, updated_at = ? "
                    + "WHERE name = ?", yaml, actor, now, name)) {
                if (update.executeUpdate() == 1) {
                    return false;
                }
            }
            try (var insert = Sql.prepare(connection, "INSERT INTO ferry_pipeline (name, yaml, created_by, created_at, "
                    + "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)", name, yaml, actor, now, actor, now)) {
                insert.executeUpdate();
            }
            return true;
        });
    }

    /** Forgets the pipeline and its pause; returns whether it was stored. */
    public boolean delete(String name) {
        return sql.inTransaction("delete pipeline " + name, connection -> {
            try (var pause = Sql.prepare(connection, "DELETE FROM ferry_pipeline_pause WHERE name = ?", name)) {
                pause.executeUpdate();
            }
            try (var delete = Sql.prepare(connection, "DELETE FROM ferry_pipeline WHERE name = ?", name)) {
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** Pauses the pipeline; returns false when it already was. */
    public boolean pause(String name, String actor) {
        return sql.update("pause pipeline " + name, "INSERT INTO ferry_pipeline_pause (name, paused_by, paused_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING", name, actor, clock.millis()) == 1;
    }

    /** Resumes the pipeline; returns false when it was not paused. */
    public boolean resume(String name) {
        return sql.update("resume pipeline " + name, "DELETE FROM ferry_pipeline_pause WHERE name = ?", name) == 1;
    }

    public Set<String> paused() {
        return new HashSet<>(sql.query("read the paused pipelines", "SELECT name FROM ferry_pipeline_pause",
                row -> row.getString(1)));
    }

    private static StoredPipeline stored(ResultSet row) throws SQLException {
        return new StoredPipeline(row.getString("name"), row.getString("yaml"), row.getString("created_by"),
                Instant.ofEpochMilli(row.getLong("created_at")), row.getString("updated_by"),
                Instant.ofEpochMilli(row.getLong("updated_at")));
    }
}

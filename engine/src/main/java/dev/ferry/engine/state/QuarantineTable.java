package dev.ferry.engine.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the quarantine table, the same on SQLite and PostgreSQL. Called by {@link SqlStateStore}
 * under its lock and, for changes, inside its transactions.
 */
final class QuarantineTable {
    private static final String COLUMNS = "id, pipeline, stream, row_key, run_id, stage, error, row_json, quarantined_at";
    /** Ids per DELETE statement: well under both engines' parameter limits. */
    private static final int ID_CHUNK = 500;

    private final Connection connection;

    QuarantineTable(Connection connection) {
        this.connection = connection;
    }

    void store(StreamKey stream, long runId, List<BadRow> rows) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO ferry_quarantine (pipeline, stream, row_key, run_id, stage, error, row_json, quarantined_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pipeline, stream, row_key) DO UPDATE SET"
                        + " run_id = excluded.run_id, stage = excluded.stage, error = excluded.error,"
                        + " row_json = excluded.row_json, quarantined_at = excluded.quarantined_at")) {
            for (BadRow row : rows) {
                upsert.setString(1, stream.pipeline());
                upsert.setString(2, stream.stream());
                upsert.setString(3, row.rowKey());
                upsert.setLong(4, runId);
                upsert.setString(5, row.stage().name());
                upsert.setString(6, row.error());
                upsert.setString(7, row.row().toJson());
                upsert.setLong(8, now);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    List<QuarantineEntry> find(QuarantineFilter filter) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM ferry_quarantine WHERE pipeline = ?"
                + (filter.stream() != null ? " AND stream = ?" : "") + " AND id > ? ORDER BY id LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int at = 1;
            select.setString(at++, filter.pipeline());
            if (filter.stream() != null) {
                select.setString(at++, filter.stream());
            }
            select.setLong(at++, filter.afterId());
            select.setInt(at, filter.limit());
            return entries(select);
        }
    }

    List<QuarantineEntry> ofRun(long runId, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, not " + limit);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM ferry_quarantine WHERE run_id = ? ORDER BY id LIMIT ?")) {
            select.setLong(1, runId);
            select.setInt(2, limit);
            return entries(select);
        }
    }

    long countOfRun(long runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM ferry_quarantine WHERE run_id = ?")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    Optional<QuarantineEntry> entry(long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM ferry_quarantine WHERE id = ?")) {
            select.setLong(1, id);
            return entries(select).stream().findFirst();
        }
    }

    /** Entries per stream of the pipeline, streams in name order. */
    Map<String, Long> counts(String pipeline) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT stream, COUNT(*) FROM ferry_quarantine WHERE pipeline = ? GROUP BY stream ORDER BY stream")) {
            select.setString(1, pipeline);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Removes every entry of the pipeline, or of one stream when {@code stream} is not null. */
    long discardAll(String pipeline, String stream) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ferry_quarantine WHERE pipeline = ?"
                + (stream != null ? " AND stream = ?" : ""))) {
            delete.setString(1, pipeline);
            if (stream != null) {
                delete.setString(2, stream);
            }
            return delete.executeLargeUpdate();
        }
    }

    long discardBefore(StreamKey stream, long runId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM ferry_quarantine WHERE pipeline = ? AND stream = ? AND run_id < ?")) {
            delete.setString(1, stream.pipeline());
            delete.setString(2, stream.stream());
            delete.setLong(3, runId);
            return delete.executeLargeUpdate();
        }
    }

    /**
     * Removes the entries with these ids of the pipeline; with {@code exceptRun} not null, only those
     * that run did not set aside again.
     */
    long discard(String pipeline, Collection<Long> ids, Long exceptRun) throws SQLException {
        List<Long> all = new ArrayList<>(ids);
        long removed = 0;
        for (int from = 0; from < all.size(); from += ID_CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
            String sql = "DELETE FROM ferry_quarantine WHERE pipeline = ? AND id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")"
                    + (exceptRun != null ? " AND run_id <> ?" : "");
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                int at = 1;
                delete.setString(at++, pipeline);
                for (long id : chunk) {
                    delete.setLong(at++, id);
                }
                if (exceptRun != null) {
                    delete.setLong(at, exceptRun);
                }
                removed += delete.executeLargeUpdate();
            }
        }
        return removed;
    }

    private static List<QuarantineEntry> entries(PreparedStatement select) throws SQLException {
        List<QuarantineEntry> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(new QuarantineEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getLong(5), QuarantineStage.valueOf(rows.getString(6)), rows.getString(7),
                        RowSnapshot.fromJson(rows.getString(8)), Instant.ofEpochMilli(rows.getLong(9))));
            }
        }
        return entries;
    }
}

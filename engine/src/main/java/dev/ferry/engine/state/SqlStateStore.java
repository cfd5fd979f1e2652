package dev.ferry.engine.state;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state store on one JDBC connection, to SQLite or PostgreSQL; the SQL is common to both.
 * Every method holds the store's lock: state traffic is a few statements per batch, far from
 * needing a pool, and one connection keeps SQLite free of lock contention with itself.
 */
final class SqlStateStore implements StateStore {

    /** Row keys per lookup statement: well under SQLite's and PostgreSQL's parameter limits. */
    private static final int LOOKUP_CHUNK = 500;
    private static final int HASH_WRITE_BATCH = 1000;

    private final Connection connection;
    private final PipelineLocks locks;
    private final Map<StreamKey, Long> streamIds = new HashMap<>();
    private final QuarantineTable quarantine;

    SqlStateStore(Connection connection, PipelineLocks locks) {
        this.connection = connection;
        this.locks = locks;
        this.quarantine = new QuarantineTable(connection);
    }

    @Override
    public synchronized Optional<Checkpoint> checkpoint(StreamKey stream) {
        return query("read the checkpoint of " + stream.stream(), () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT checkpoint FROM ferry_stream WHERE pipeline = ? AND stream = ?")) {
                select.setString(1, stream.pipeline());
                select.setString(2, stream.stream());
                try (ResultSet rows = select.executeQuery()) {
                    String text = rows.next() ? rows.getString(1) : null;
                    return Optional.ofNullable(text).map(CheckpointCodec::decode);
                }
            }
        });
    }

    @Override
    public synchronized void commitProgress(StreamKey stream, Checkpoint checkpoint, Map<String, byte[]> rowHashes,
                                            BoundaryChange boundary) {
        inTransaction("commit the progress of " + stream.stream(), () -> {
            long id = streamId(stream);
            if (checkpoint != null) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE ferry_stream SET checkpoint = ?, updated_at = ? WHERE id = ?")) {
                    update.setString(1, CheckpointCodec.encode(checkpoint));
                    update.setLong(2, System.currentTimeMillis());
                    update.setLong(3, id);
                    update.executeUpdate();
                }
            }
            if (!rowHashes.isEmpty()) {
                writeHashes(id, rowHashes);
            }
            if (!boundary.isEmpty()) {
                writeBoundary(id, boundary, checkpoint instanceof Checkpoint.CursorValue cursor ? cursor.type() : null);
            }
            return null;
        });
    }

    private void writeBoundary(long streamId, BoundaryChange change, ColumnType cursorType) throws SQLException {
        if (change.forgetAll()) {
            update("DELETE FROM ferry_cursor_boundary WHERE stream_id = ?", streamId);
        } else if (!change.removed().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM ferry_cursor_boundary WHERE stream_id = ? AND row_key = ?")) {
                inBatches(delete, change.removed(), (statement, rowKey) -> {
                    statement.setLong(1, streamId);
                    statement.setString(2, rowKey);
                });
            }
        }
        if (change.put().isEmpty()) {
            return;
        }
        if (cursorType == null) {
            throw new IllegalArgumentException("Boundary rows need the cursor checkpoint they belong to");
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO ferry_cursor_boundary (stream_id, row_key, hash, cursor_value) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (stream_id, row_key) DO UPDATE SET hash = excluded.hash, "
                        + "cursor_value = excluded.cursor_value")) {
            inBatches(upsert, change.put(), (statement, row) -> {
                statement.setLong(1, streamId);
                statement.setString(2, row.rowKey());
                statement.setBytes(3, row.hash());
                statement.setString(4, CheckpointCodec.valueText(cursorType, row.cursor()));
            });
        }
    }

    @Override
    public synchronized List<BoundaryRow> cursorBoundary(StreamKey stream, ColumnType cursorType) {
        return query("read the cursor boundary of " + stream.stream(), () -> {
            Long id = existingStreamId(stream);
            List<BoundaryRow> rows = new ArrayList<>();
            if (id == null) {
                return rows;
            }
            // Boundary rows usually share a few cursor values (a statement's now()): each is parsed once.
            Map<String, Object> cursors = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT row_key, hash, cursor_value FROM ferry_cursor_boundary WHERE stream_id = ?")) {
                select.setLong(1, id);
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        Object cursor;
                        try {
                            cursor = cursors.computeIfAbsent(found.getString(3),
                                    text -> CheckpointCodec.parseValue(cursorType, text));
                        } catch (RuntimeException e) {
                            // Stored under another cursor type: the read refuses that checkpoint and
                            // asks for a reset, which forgets these rows; until then they match nothing.
                            continue;
                        }
                        rows.add(new BoundaryRow(found.getString(1), found.getBytes(2), cursor));
                    }
                }
            }
            return rows;
        });
    }

    /** Binds each item and runs the statement in batches of {@value #HASH_WRITE_BATCH}. */
    private static <T> void inBatches(PreparedStatement statement, Collection<T> items, Binder<T> binder)
            throws SQLException {
        int pending = 0;
        for (T item : items) {
            binder.bind(statement, item);
            statement.addBatch();
            if (++pending == HASH_WRITE_BATCH) {
                statement.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            statement.executeBatch();
        }
    }

    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    private void writeHashes(long streamId, Map<String, byte[]> rowHashes) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO ferry_row_hash (stream_id, row_key, hash) VALUES (?, ?, ?) "
                        + "ON CONFLICT (stream_id, row_key) DO UPDATE SET hash = excluded.hash")) {
            inBatches(upsert, rowHashes.entrySet(), (statement, entry) -> {
                statement.setLong(1, streamId);
                statement.setString(2, entry.getKey());
                statement.setBytes(3, entry.getValue());
            });
        }
    }

    @Override
    public synchronized Map<String, byte[]> rowHashes(StreamKey stream, Collection<String> rowKeys) {
        return query("read the row hashes of " + stream.stream(), () -> {
            Long id = existingStreamId(stream);
            Map<String, byte[]> found = new HashMap<>();
            if (id == null || rowKeys.isEmpty()) {
                return found;
            }
            List<String> keys = List.copyOf(rowKeys);
            for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT row_key, hash FROM ferry_row_hash WHERE stream_id = ? AND row_key IN (" + marks + ")")) {
                    select.setLong(1, id);
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), rows.getBytes(2));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public synchronized void startSeenRows(StreamKey stream) {
        inTransaction("start noting the rows of " + stream.stream(), () -> {
            long id = streamId(stream);
            try (Statement statement = connection.createStatement()) {
                // A temporary table: it lives as long as this session, and only a run in it reads it.
                statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS ferry_seen_row ("
                        + "stream_id BIGINT NOT NULL, row_key TEXT NOT NULL, PRIMARY KEY (stream_id, row_key))");
            }
            update("DELETE FROM ferry_seen_row WHERE stream_id = ?", id);
            return null;
        });
    }

    @Override
    public synchronized void noteSeenRows(StreamKey stream, Collection<String> rowKeys) {
        if (rowKeys.isEmpty()) {
            return;
        }
        inTransaction("note the rows of " + stream.stream(), () -> {
            long id = streamId(stream);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ferry_seen_row (stream_id, row_key) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                int pending = 0;
                for (String rowKey : rowKeys) {
                    insert.setLong(1, id);
                    insert.setString(2, rowKey);
                    insert.addBatch();
                    if (++pending == HASH_WRITE_BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public synchronized long forgetUnseenRowHashes(StreamKey stream) {
        return inTransaction("forget the hashes of rows gone from " + stream.stream(), () -> {
            long id = streamId(stream);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ferry_row_hash WHERE stream_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM ferry_seen_row s WHERE s.stream_id = ferry_row_hash.stream_id"
                    + " AND s.row_key = ferry_row_hash.row_key)")) {
                delete.setLong(1, id);
                long forgotten = delete.executeLargeUpdate();
                update("DELETE FROM ferry_seen_row WHERE stream_id = ?", id);
                return forgotten;
            }
        });
    }

    @Override
    public synchronized int runsSinceReconciliation(StreamKey stream) {
        return query("read the reconciliation count of " + stream.stream(), () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT runs_since_reconcile FROM ferry_stream WHERE pipeline = ? AND stream = ?")) {
                select.setString(1, stream.pipeline());
                select.setString(2, stream.stream());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public synchronized void recordIncrementalRun(StreamKey stream, boolean reconciled) {
        inTransaction("count a run of " + stream.stream(), () -> {
            long id = streamId(stream);
            update(reconciled ? "UPDATE ferry_stream SET runs_since_reconcile = 0 WHERE id = ?"
                    : "UPDATE ferry_stream SET runs_since_reconcile = runs_since_reconcile + 1 WHERE id = ?", id);
            return null;
        });
    }

    @Override
    public synchronized void resetStream(StreamKey stream) {
        inTransaction("reset " + stream.stream(), () -> {
            Long id = existingStreamId(stream);
            if (id != null) {
                update("DELETE FROM ferry_row_hash WHERE stream_id = ?", id);
                update("DELETE FROM ferry_cursor_boundary WHERE stream_id = ?", id);
                update("UPDATE ferry_stream SET checkpoint = NULL WHERE id = ?", id);
            }
            return null;
        });
    }

    @Override
    public synchronized long startRun(String pipeline, String trigger) {
        return query("start a run of " + pipeline, () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ferry_run (pipeline, trigger_by, started_at, status, host, pid) VALUES (?, ?, ?, ?, ?, ?) "
                            + "RETURNING id")) {
                insert.setString(1, pipeline);
                insert.setString(2, trigger);
                insert.setLong(3, System.currentTimeMillis());
                insert.setString(4, RunStatus.RUNNING.name());
                insert.setString(5, RunProcess.current().host());
                insert.setLong(6, RunProcess.current().pid());
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public synchronized void recordStreamStats(long runId, StreamStats stats) {
        query("record the counts of " + stats.stream(), () -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO ferry_run_stream (run_id, stream, position, rows_read, rows_written, rows_deleted, "
                            + "rows_failed, rows_skipped, rows_inserted, rows_updated) VALUES (?, ?, "
                            + "(SELECT count(*) FROM ferry_run_stream WHERE run_id = ?), ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (run_id, stream) DO UPDATE SET rows_read = excluded.rows_read, "
                            + "rows_written = excluded.rows_written, rows_deleted = excluded.rows_deleted, "
                            + "rows_failed = excluded.rows_failed, rows_skipped = excluded.rows_skipped, "
                            + "rows_inserted = excluded.rows_inserted, rows_updated = excluded.rows_updated")) {
                upsert.setLong(1, runId);
                upsert.setString(2, stats.stream());
                upsert.setLong(3, runId);
                upsert.setLong(4, stats.read());
                upsert.setLong(5, stats.written());
                upsert.setLong(6, stats.deleted());
                upsert.setLong(7, stats.failed());
                upsert.setLong(8, stats.unchanged());
                upsert.setLong(9, stats.inserted());
                upsert.setLong(10, stats.updated());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void startStream(long runId, String stream) {
        query("record the start of " + stream, () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ferry_run_stream (run_id, stream, position, rows_read, rows_written, rows_deleted, "
                            + "rows_failed, rows_skipped, rows_inserted, rows_updated, started_at) VALUES (?, ?, "
                            + "(SELECT count(*) FROM ferry_run_stream WHERE run_id = ?), 0, 0, 0, 0, 0, 0, 0, ?) "
                            + "ON CONFLICT (run_id, stream) DO UPDATE SET started_at = excluded.started_at, "
                            + "ended_at = NULL, error = NULL")) {
                insert.setLong(1, runId);
                insert.setString(2, stream);
                insert.setLong(3, runId);
                insert.setLong(4, System.currentTimeMillis());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void finishStream(long runId, StreamStats stats, String error) {
        inTransaction("record the end of " + stats.stream(), () -> {
            recordStreamStats(runId, stats);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE ferry_run_stream SET ended_at = ?, error = ? WHERE run_id = ? AND stream = ?")) {
                update.setLong(1, System.currentTimeMillis());
                update.setString(2, error);
                update.setLong(3, runId);
                update.setString(4, stats.stream());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void finishRun(long runId, RunStatus status, String error) {
        query("finish run " + runId, () -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE ferry_run SET ended_at = ?, status = ?, error = ?, rows_written = (SELECT "
                            + "coalesce(sum(s.rows_written), 0) FROM ferry_run_stream s WHERE s.run_id = ?) WHERE id = ?")) {
                update.setLong(1, System.currentTimeMillis());
                update.setString(2, status.name());
                update.setString(3, error);
                update.setLong(4, runId);
                update.setLong(5, runId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void log(long runId, String level, String stream, String message) {
        query("write the log of run " + runId, () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ferry_run_log (run_id, at, level, stream, message) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, runId);
                insert.setLong(2, System.currentTimeMillis());
                insert.setString(3, level);
                insert.setString(4, stream);
                insert.setString(5, message);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized String remoteId(String pipeline, String target, String sourceKey) {
        return query("read the key map of " + pipeline + "/" + target, () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT remote_id FROM ferry_key_map WHERE pipeline = ? AND target = ? AND source_key = ?")) {
                select.setString(1, pipeline);
                select.setString(2, target);
                select.setString(3, sourceKey);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    @Override
    public synchronized void putRemoteId(String pipeline, String target, String sourceKey, String remoteId) {
        query("write the key map of " + pipeline + "/" + target, () -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO ferry_key_map (pipeline, target, source_key, remote_id, updated_at) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (pipeline, target, source_key) DO UPDATE SET remote_id = excluded.remote_id, "
                            + "updated_at = excluded.updated_at")) {
                upsert.setString(1, pipeline);
                upsert.setString(2, target);
                upsert.setString(3, sourceKey);
                upsert.setString(4, remoteId);
                upsert.setLong(5, System.currentTimeMillis());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void removeRemoteId(String pipeline, String target, String sourceKey) {
        query("write the key map of " + pipeline + "/" + target, () -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM ferry_key_map WHERE pipeline = ? AND target = ? AND source_key = ?")) {
                delete.setString(1, pipeline);
                delete.setString(2, target);
                delete.setString(3, sourceKey);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized List<String> remoteIdKeys(String pipeline, String target) {
        return query("read the key map of " + pipeline + "/" + target, () -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source_key FROM ferry_key_map WHERE pipeline = ? AND target = ? ORDER BY source_key")) {
                select.setString(1, pipeline);
                select.setString(2, target);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public synchronized Optional<String> sealedCredential(String pipeline, String connectionName, String name) {
        return query("read a credential of connection " + connectionName, () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sealed FROM ferry_credential WHERE pipeline = ? AND connection = ? AND name = ?")) {
                select.setString(1, pipeline);
                select.setString(2, connectionName);
                select.setString(3, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public synchronized void saveSealedCredential(String pipeline, String connectionName, String name, String sealed,
                                                  long keyId) {
        query("save a credential of connection " + connectionName, () -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO ferry_credential (pipeline, connection, name, sealed, key_id, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (pipeline, connection, name) DO UPDATE SET sealed = excluded.sealed, "
                            + "key_id = excluded.key_id, updated_at = excluded.updated_at")) {
                upsert.setString(1, pipeline);
                upsert.setString(2, connectionName);
                upsert.setString(3, name);
                upsert.setString(4, sealed);
                upsert.setLong(5, keyId);
                upsert.setLong(6, System.currentTimeMillis());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized List<RunRecord> recentRuns(String pipeline, int limit) {
        return pipeline == null
                ? selectRuns("list recent runs", "ORDER BY id DESC LIMIT ?", limit)
                : selectRuns("list recent runs", "WHERE pipeline = ? ORDER BY id DESC LIMIT ?", pipeline, limit);
    }

    @Override
    public synchronized Map<String, RunRecord> latestRuns(Collection<String> pipelines) {
        Map<String, RunRecord> latest = new HashMap<>();
        List<String> names = new ArrayList<>(new java.util.LinkedHashSet<>(pipelines));
        for (int from = 0; from < names.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + LOOKUP_CHUNK));
            // One indexed max(id) a name (pipeline, id), rather than grouping the whole history by pipeline.
            String sql = "WHERE id IN (SELECT (SELECT max(r.id) FROM ferry_run r WHERE r.pipeline = names.name) FROM "
                    + "(" + String.join(" UNION ALL ", java.util.Collections.nCopies(chunk.size(), "SELECT ? AS name"))
                    + ") names)";
            for (RunRecord run : selectRuns("read the latest runs", sql, chunk.toArray())) {
                latest.put(run.pipeline(), run);
            }
        }
        return latest;
    }

    @Override
    public synchronized RunPage findRuns(RunFilter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.pipeline() != null) {
            conditions.add("pipeline = ?");
            values.add(filter.pipeline());
        }
        if (!filter.statuses().isEmpty()) {
            conditions.add("status IN (" + String.join(", ", java.util.Collections.nCopies(filter.statuses().size(), "?")) + ")");
            filter.statuses().stream().map(RunStatus::name).sorted().forEach(values::add);
        }
        if (filter.startedFrom() != null) {
            conditions.add("started_at >= ?");
            values.add(filter.startedFrom().toEpochMilli());
        }
        if (filter.startedTo() != null) {
            conditions.add("started_at < ?");
            values.add(filter.startedTo().toEpochMilli());
        }
        if (filter.errorNeedle() != null) {
            // lower() on both sides: SQLite's LIKE ignores case, PostgreSQL's does not
            conditions.add("error IS NOT NULL AND lower(error) LIKE ? ESCAPE '\\'");
            values.add("%" + filter.errorNeedle().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
        long total = query("count runs", () -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM ferry_run " + where)) {
                for (int i = 0; i < values.size(); i++) {
                    count.setObject(i + 1, values.get(i));
                }
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
        List<Object> paged = new ArrayList<>(values);
        paged.add(filter.limit());
        paged.add(filter.offset());
        // The page's ids first, from the index alone where one serves the filter (by pipeline, by start
        // time): ordering a time range by id then sorts ids, not whole rows, so a week of a long history
        // costs a few milliseconds instead of reading every run of the week.
        List<RunRecord> items = selectRuns("list runs", "WHERE id IN (SELECT id FROM ferry_run " + where
                + "ORDER BY id DESC LIMIT ? OFFSET ?) ORDER BY id DESC", paged.toArray());
        return new RunPage(items, total, filter.limit(), filter.offset());
    }

    @Override
    public synchronized List<RunTotals> runTotals(Instant from, Instant to, java.time.Duration bucket) {
        long bucketMillis = bucket.toMillis();
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("A span of runs lasts at least a millisecond, not " + bucket);
        }
        // One index (ferry_run_totals) holds all of it: no run's streams are visited. A running run
        // has no total yet and adds no rows until it ends.
        String sql = "SELECT (started_at - ?) / ? AS bucket, count(*), "
                + "sum(CASE WHEN status = 'SUCCEEDED' THEN 1 ELSE 0 END), "
                + "sum(CASE WHEN status IN ('FAILED', 'INTERRUPTED') THEN 1 ELSE 0 END), "
                + "sum(coalesce(rows_written, 0)), "
                + "sum(CASE WHEN ended_at IS NULL THEN 0 ELSE ended_at - started_at END) "
                + "FROM ferry_run WHERE started_at >= ? AND started_at < ? GROUP BY bucket ORDER BY bucket";
        return query("add up the runs", () -> {
            List<RunTotals> totals = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, from.toEpochMilli());
                select.setLong(2, bucketMillis);
                select.setLong(3, from.toEpochMilli());
                select.setLong(4, to.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        totals.add(new RunTotals(from.plusMillis(rows.getLong(1) * bucketMillis), rows.getLong(2),
                                rows.getLong(3), rows.getLong(4), rows.getLong(5),
                                java.time.Duration.ofMillis(rows.getLong(6))));
                    }
                }
            }
            return totals;
        });
    }

    @Override
    public synchronized Optional<RunRecord> run(long runId) {
        return selectRuns("read run " + runId, "WHERE id = ?", runId).stream().findFirst();
    }

    /** Runs with their stream counts; {@code clauses} follow FROM, with {@code values} bound in order. */
    private List<RunRecord> selectRuns(String what, String clauses, Object... values) {
        return query(what, () -> {
            Map<Long, RunRecord> runs = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, pipeline, trigger_by, started_at, ended_at, status, error, host, pid FROM ferry_run "
                            + clauses)) {
                for (int i = 0; i < values.length; i++) {
                    select.setObject(i + 1, values[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long ended = rows.getLong(5);
                        Instant endedAt = rows.wasNull() ? null : Instant.ofEpochMilli(ended);
                        String host = rows.getString(8);
                        long pid = rows.getLong(9);
                        RunProcess process = host == null || rows.wasNull() ? null : new RunProcess(host, pid);
                        runs.put(rows.getLong(1), new RunRecord(rows.getLong(1), rows.getString(2),
                                rows.getString(3), Instant.ofEpochMilli(rows.getLong(4)), endedAt,
                                RunStatus.valueOf(rows.getString(6)), rows.getString(7), List.of(), process));
                    }
                }
            }
            Map<Long, List<StreamRun>> streams = streamRuns(runs.keySet());
            List<RunRecord> withStreams = new ArrayList<>(runs.size());
            for (RunRecord run : runs.values()) {
                withStreams.add(RunRecord.withStreamRuns(run.id(), run.pipeline(), run.trigger(), run.started(),
                        run.ended(), run.status(), run.error(), run.process(), streams.getOrDefault(run.id(), List.of())));
            }
            return withStreams;
        });
    }

    /** The streams of these runs, each run's in order: a statement a chunk of runs, not one a run. */
    private Map<Long, List<StreamRun>> streamRuns(Collection<Long> runIds) throws SQLException {
        Map<Long, List<StreamRun>> streams = new HashMap<>();
        List<Long> ids = new ArrayList<>(runIds);
        for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT run_id, stream, rows_read, rows_inserted, rows_updated, rows_skipped, rows_deleted, rows_failed, "
                            + "started_at, ended_at, error FROM ferry_run_stream WHERE run_id IN ("
                            + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                            + ") ORDER BY run_id, position")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        StreamStats stats = new StreamStats(rows.getString(2), rows.getLong(3), rows.getLong(4),
                                rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8));
                        streams.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                                .add(new StreamRun(stats, instant(rows, 9), instant(rows, 10), rows.getString(11)));
                    }
                }
            }
        }
        return streams;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public synchronized List<LogLine> runLog(long runId) {
        return runLog(runId, 0, Integer.MAX_VALUE);
    }

    @Override
    public synchronized List<LogLine> runLog(long runId, long afterLineId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, not " + limit);
        }
        return query("read the log of run " + runId, () -> {
            List<LogLine> lines = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT at, level, stream, message, id FROM ferry_run_log WHERE run_id = ? AND id > ? "
                            + "ORDER BY id LIMIT ?")) {
                select.setLong(1, runId);
                select.setLong(2, afterLineId);
                select.setLong(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        lines.add(new LogLine(runId, Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getLong(5)));
                    }
                }
            }
            return lines;
        });
    }

    @Override
    public synchronized Optional<PipelineLock> tryLockPipeline(String pipeline) {
        Optional<PipelineLock> lock = locks.tryLock(pipeline);
        if (lock.isPresent()) {
            try {
                markInterrupted(pipeline);
            } catch (RuntimeException e) {
                lock.get().close();
                throw e;
            }
        }
        return lock;
    }

    /**
     * Marks the runs of every pipeline whose lock is free as INTERRUPTED: a live run holds its
     * pipeline's lock from before its row is written until after it is finished. The lock is held
     * while marking, so a run starting meanwhile waits and is never marked.
     */
    synchronized void markInterruptedRuns() {
        List<String> pipelines = query("look for runs left running", () -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT pipeline FROM ferry_run WHERE status = ?")) {
                select.setString(1, RunStatus.RUNNING.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            return found;
        });
        for (String pipeline : pipelines) {
            try {
                locks.tryLock(pipeline).ifPresent(lock -> {
                    try (lock) {
                        markInterrupted(pipeline);
                    }
                });
            } catch (FerryException cannotMark) {
                // A read-only folder or connection, say: the runs stay RUNNING until a store that
                // can lock and write opens; reading the history must not fail for it.
            }
        }
    }

    /** Called with the pipeline's lock held: every run of it still RUNNING belongs to a dead process. */
    private void markInterrupted(String pipeline) {
        // Read first, so that taking a lock writes nothing in the usual case of nothing to mark.
        Map<Long, String> reasons = query("look for the interrupted runs of " + pipeline, () -> {
            Map<Long, String> found = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, host, pid FROM ferry_run WHERE pipeline = ? AND status = ? ORDER BY id")) {
                select.setString(1, pipeline);
                select.setString(2, RunStatus.RUNNING.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String host = rows.getString(2);
                        long pid = rows.getLong(3);
                        String process = host == null || rows.wasNull() ? "the process that ran it"
                                : "its process (" + new RunProcess(host, pid) + ")";
                        found.put(rows.getLong(1), "interrupted: " + process + " ended without finishing it"
                                + " (killed or crashed); what it committed stays, and the next run resumes"
                                + " from the last stored checkpoint");
                    }
                }
            }
            return found;
        });
        if (reasons.isEmpty()) {
            return;
        }
        inTransaction("mark the interrupted runs of " + pipeline, () -> {
            long now = System.currentTimeMillis();
            for (Map.Entry<Long, String> run : reasons.entrySet()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE ferry_run SET status = ?, error = ?, ended_at = coalesce("
                                + "(SELECT max(at) FROM ferry_run_log WHERE run_id = ferry_run.id), started_at), "
                                + "rows_written = (SELECT coalesce(sum(s.rows_written), 0) FROM ferry_run_stream s "
                                + "WHERE s.run_id = ferry_run.id) WHERE id = ? AND status = ?")) {
                    update.setString(1, RunStatus.INTERRUPTED.name());
                    update.setString(2, run.getValue());
                    update.setLong(3, run.getKey());
                    update.setString(4, RunStatus.RUNNING.name());
                    if (update.executeUpdate() == 0) {
                        continue; // finished after all, between the read and now
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ferry_run_log (run_id, at, level, stream, message) VALUES (?, ?, ?, NULL, ?)")) {
                    insert.setLong(1, run.getKey());
                    insert.setLong(2, now);
                    insert.setString(3, "WARN");
                    insert.setString(4, run.getValue());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void quarantine(StreamKey stream, long runId, List<BadRow> rows) {
        if (!rows.isEmpty()) {
            inTransaction("quarantine rows of " + stream.stream(), () -> {
                quarantine.store(stream, runId, rows);
                return null;
            });
        }
    }

    @Override
    public synchronized long resolveQuarantinedBefore(StreamKey stream, long runId) {
        return inTransaction("remove rows of " + stream.stream() + " that now pass from the quarantine",
                () -> quarantine.discardBefore(stream, runId));
    }

    @Override
    public synchronized List<QuarantineEntry> quarantined(QuarantineFilter filter) {
        return query("list quarantined rows of " + filter.pipeline(), () -> quarantine.find(filter));
    }

    @Override
    public synchronized List<QuarantineEntry> quarantinedByRun(long runId, int limit) {
        return query("list the quarantined rows of run " + runId, () -> quarantine.ofRun(runId, limit));
    }

    @Override
    public synchronized long quarantinedByRunCount(long runId) {
        return query("count the quarantined rows of run " + runId, () -> quarantine.countOfRun(runId));
    }

    @Override
    public synchronized Optional<QuarantineEntry> quarantineEntry(long id) {
        return query("read quarantined row " + id, () -> quarantine.entry(id));
    }

    @Override
    public synchronized Map<String, Long> quarantineCounts(String pipeline) {
        return query("count quarantined rows of " + pipeline, () -> quarantine.counts(pipeline));
    }

    @Override
    public synchronized long discardQuarantined(String pipeline, String stream) {
        return inTransaction("discard quarantined rows of " + pipeline, () -> quarantine.discardAll(pipeline, stream));
    }

    @Override
    public synchronized long discardQuarantined(String pipeline, Collection<Long> ids) {
        return inTransaction("discard quarantined rows of " + pipeline, () -> quarantine.discard(pipeline, ids, null));
    }

    @Override
    public synchronized long resolveQuarantined(String pipeline, Collection<Long> ids, long retryRunId) {
        return inTransaction("remove retried rows of " + pipeline + " from the quarantine",
                () -> quarantine.discard(pipeline, ids, retryRunId));
    }

    @Override
    public synchronized void close() {
        locks.close();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new FerryException("State store cannot be closed: " + e.getMessage(), e);
        }
    }

    private long streamId(StreamKey stream) throws SQLException {
        Long existing = existingStreamId(stream);
        if (existing != null) {
            return existing;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ferry_stream (pipeline, stream, updated_at) VALUES (?, ?, ?) RETURNING id")) {
            insert.setString(1, stream.pipeline());
            insert.setString(2, stream.stream());
            insert.setLong(3, System.currentTimeMillis());
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                long id = rows.getLong(1);
                streamIds.put(stream, id);
                return id;
            }
        }
    }

    private Long existingStreamId(StreamKey stream) throws SQLException {
        Long cached = streamIds.get(stream);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM ferry_stream WHERE pipeline = ? AND stream = ?")) {
            select.setString(1, stream.pipeline());
            select.setString(2, stream.stream());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                streamIds.put(stream, rows.getLong(1));
                return rows.getLong(1);
            }
        }
    }

    private void update(String sql, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }

    private <T> T inTransaction(String what, SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                // a rolled-back insert may have cached an id that no longer exists
                streamIds.clear();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T query(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static FerryException failure(String what, SQLException e) {
        return new FerryException("State store could not " + what + ": " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}

package dev.ferry.server.runs;

import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cancels that reach a node other than the one running the run. The node asked records the request
 * in the shared store; every node looks there every second for requests about the runs it executes,
 * stops those at their next batch boundary and removes the request. Requests about runs that ended
 * meanwhile are removed after an hour.
 *
 * <p>Thread-safe.
 */
public final class CancelRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelRequests.class);
    static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration KEEP = Duration.ofHours(1);

    private final Sql sql;
    private final Clock clock;
    private final ScheduledExecutorService poller;

    private CancelRequests(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ferry-cancels").daemon().factory());
    }

    /** Starts looking for requests about the runs {@code runs} executes. */
    public static CancelRequests start(ServerDatabase database, RunService runs, Clock clock) {
        CancelRequests requests = new CancelRequests(new Sql(database), clock);
        requests.poller.scheduleWithFixedDelay(() -> requests.honour(runs), POLL.toMillis(), POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        return requests;
    }

    /** Records that {@code actor} asked to cancel {@code runId}; asking again changes nothing. */
    public void request(long runId, String actor) {
        sql.inTransaction("record a cancel request", connection -> {
            try (var exists = Sql.prepare(connection, "SELECT 1 FROM ferry_run_cancel WHERE run_id = ?", runId);
                 var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (var insert = Sql.prepare(connection, "INSERT INTO ferry_run_cancel (run_id, requested_by, "
                            + "requested_at) VALUES (?, ?, ?)", runId, actor, clock.millis())) {
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    void honour(RunService runs) {
        try {
            List<Long> requested = sql.query("read cancel requests", "SELECT run_id FROM ferry_run_cancel",
                    row -> row.getLong(1));
            for (long runId : requested) {
                runs.cancel(runId).ifPresent(run -> {
                    LOG.info("Run {} of {} stops at its next batch boundary: cancelled through another node",
                            run.runId(), run.pipeline());
                    sql.update("remove a cancel request", "DELETE FROM ferry_run_cancel WHERE run_id = ?", runId);
                });
            }
            sql.update("remove old cancel requests", "DELETE FROM ferry_run_cancel WHERE requested_at < ?",
                    clock.millis() - KEEP.toMillis());
        } catch (RuntimeException e) {
            LOG.warn("Cancel requests could not be read: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}

package dev.ferry.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.state.LogLine;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.http.Json;
import io.javalin.http.sse.SseClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's live log of a run ({@code GET /api/runs/{id}/log/live}), one {@link RunFollowers.Feed}
 * per client. The state store is the one source of the lines, with their ids.
 *
 * <p>Each client gets: a comment on connecting, every line written so far (or after the id it names
 * with {@code after} or {@code Last-Event-ID}) as {@code log} events whose id is the line's id, new
 * lines as they come, the followers' heartbeats, and an {@code end} event with the run's final state,
 * after which the stream closes. An unknown run gets an {@code error} event and the stream closes.
 */
public final class RunLogTail {
    private static final int PAGE = 500;

    private final StateStore history;
    private final RunFollowers followers;

    public RunLogTail(StateStore history, RunFollowers followers) {
        this.history = history;
        this.followers = followers;
    }

    /** Starts following run {@code runId} for {@code client}, from the line after {@code afterLineId} (0 for the first). */
    public void follow(SseClient client, long runId, long afterLineId) {
        followers.follow(client, runId, new LogFeed(runId, afterLineId));
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last event of a stream: how the run ended. */
    public record End(long runId, String status, String error) {
    }

    private final class LogFeed implements RunFollowers.Feed {
        private final long runId;
        private long lastLineId;
        private boolean greeted;

        LogFeed(long runId, long afterLineId) {
            this.runId = runId;
            this.lastLineId = afterLineId;
        }

        @Override
        public boolean sendNew(SseClient client) {
            // The state first: once it is final every line is stored, so the lines read next are all.
            Optional<RunRecord> run = history.run(runId);
            if (!greeted) {
                greeted = true;
                client.sendComment("following run " + runId);
                if (run.isEmpty()) {
                    client.sendEvent("error", json(Map.of("code", "not_found", "message", "Run " + runId + " does not exist")), null);
                    return true;
                }
            }
            List<LogLine> lines;
            do {
                lines = history.runLog(runId, lastLineId, PAGE);
                for (LogLine line : lines) {
                    client.sendEvent("log", json(LogLineView.of(line)), Long.toString(line.id()));
                    if (client.terminated()) {
                        return true;
                    }
                    lastLineId = line.id();
                }
            } while (lines.size() == PAGE);
            boolean ended = run.map(record -> record.status() != RunStatus.RUNNING).orElse(true);
            if (ended) {
                RunRecord record = run.orElse(null);
                client.sendEvent("end", json(new End(runId, record == null ? null : record.status().name(),
                        record == null ? null : record.error())), null);
            }
            return ended;
        }
    }
}

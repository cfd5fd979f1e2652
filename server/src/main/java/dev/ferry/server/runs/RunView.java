package dev.ferry.server.runs;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StreamRun;
import dev.ferry.engine.state.StreamStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as the API shows it. {@code skipped} counts rows read but not written because they were
 * unchanged.
 */
public record RunView(long id, String pipeline, String trigger, String status, Instant startedAt, Instant endedAt,
                      Long durationMs, String error, String host, Long pid, List<StreamView> streams) {

    /**
     * The run as stored, with the latest counts of its streams still running on this node: the
     * store holds a stream's counts from its end on, this node's run knows them batch by batch.
     */
    public static RunView of(RunRecord run, List<StreamStats> liveStreams) {
        Map<String, StreamView> streams = new LinkedHashMap<>();
        for (StreamRun stream : run.streamRuns()) {
            streams.put(stream.stream(), StreamView.of(stream));
        }
        for (StreamStats live : liveStreams) {
            StreamView stored = streams.get(live.stream());
            if (stored == null) {
                streams.put(live.stream(), StreamView.of(StreamRun.untimed(live)));
            } else if (stored.endedAt() == null) {
                streams.put(live.stream(), StreamView.of(new StreamRun(live, stored.startedAt(), null, null)));
            }
        }
        return new RunView(run.id(), run.pipeline(), run.trigger(), run.status().name(), run.started(), run.ended(),
                run.ended() == null ? null : Duration.between(run.started(), run.ended()).toMillis(), run.error(),
                run.process() == null ? null : run.process().host(), run.process() == null ? null : run.process().pid(),
                new ArrayList<>(streams.values()));
    }

    /**
     * One stream of the run.
     *
     * @param startedAt  null for runs recorded before stream timings were kept
     * @param endedAt    null while it runs
     * @param durationMs null unless both ends are known
     * @param error      why it failed; null when it did not
     */
    public record StreamView(String stream, long read, long written, long inserted, long updated, long skipped,
                             long deleted, long failed, Instant startedAt, Instant endedAt, Long durationMs,
                             String error) {
        public static StreamView of(StreamStats stats) {
            return of(StreamRun.untimed(stats));
        }

        public static StreamView of(StreamRun stream) {
            StreamStats stats = stream.stats();
            Duration duration = stream.duration();
            return new StreamView(stats.stream(), stats.read(), stats.written(), stats.inserted(), stats.updated(),
                    stats.unchanged(), stats.deleted(), stats.failed(), stream.started(), stream.ended(),
                    duration == null ? null : duration.toMillis(), stream.error());
        }
    }
}

package dev.ferry.server.runs;

import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.StreamStats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it. {@code skipped} counts rows read but not written because they were
 * unchanged.
 */
public record RunView(long id, String pipeline, String trigger, String status, Instant startedAt, Instant endedAt,
                      Long durationMs, String error, String host, Long pid, List<StreamView> streams) {

    public static RunView of(RunRecord run, List<StreamStats> liveStreams) {
        List<StreamStats> streams = run.streams().isEmpty() ? liveStreams : run.streams();
        return new RunView(run.id(), run.pipeline(), run.trigger(), run.status().name(), run.started(), run.ended(),
                run.ended() == null ? null : Duration.between(run.started(), run.ended()).toMillis(), run.error(),
                run.process() == null ? null : run.process().host(), run.process() == null ? null : run.process().pid(),
                streams.stream().map(StreamView::of).toList());
    }

    public record StreamView(String stream, long read, long written, long inserted, long updated, long skipped,
                             long deleted, long failed) {
        public static StreamView of(StreamStats stats) {
            return new StreamView(stats.stream(), stats.read(), stats.written(), stats.inserted(), stats.updated(),
                    stats.unchanged(), stats.deleted(), stats.failed());
        }
    }
}

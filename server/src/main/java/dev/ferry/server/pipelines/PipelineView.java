package dev.ferry.server.pipelines;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.server.http.ProblemView;

import java.util.List;

/**
 * A pipeline as the API shows it: never a secret, only connection names and their shown URLs.
 * {@code paused}: schedules and triggers skip it; Sync now still runs it.
 */
public record PipelineView(String name, String origin, String file, boolean valid, boolean readOnly,
                           List<ProblemView> problems, Endpoint source, Endpoint destination,
                           List<StreamView> streams, ScheduleView schedule, boolean paused) {

    public static PipelineView of(PipelineEntry entry) {
        PipelineConfig config = entry.config();
        return new PipelineView(entry.name(), entry.origin().name().toLowerCase(),
                entry.file() == null ? null : entry.file().toString(), entry.isValid(), entry.isReadOnly(),
                entry.problems().stream().map(ProblemView::of).toList(),
                config == null ? null : new Endpoint(config.source(), config.sourceConnection().shownUrl()),
                config == null ? null : new Endpoint(config.destination(), config.destinationConnection().shownUrl()),
                config == null ? List.of() : config.streams().stream().map(StreamView::of).toList(),
                config == null ? null : ScheduleView.of(config.schedule()), entry.paused());
    }

    public record Endpoint(String connection, String url) {
    }

    public record StreamView(String name, String sync, String write, String destinationTable) {
        static StreamView of(StreamConfig stream) {
            return new StreamView(stream.name(), stream.sync().name().toLowerCase(), stream.write().name().toLowerCase(),
                    stream.destinationTable());
        }
    }

    /** The schedule; null fields are not set. */
    public record ScheduleView(String every, String cron, String timezone, List<String> after, int retries,
                               String retryBackoff, String catchUp) {
        static ScheduleView of(ScheduleConfig schedule) {
            return new ScheduleView(schedule.every() == null ? null : schedule.every().toString(), schedule.cron(),
                    schedule.timezone().getId(), schedule.after(), schedule.retries(), schedule.retryBackoff().toString(),
                    schedule.catchUp().name().toLowerCase());
        }
    }
}

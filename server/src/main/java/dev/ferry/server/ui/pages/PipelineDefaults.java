package dev.ferry.server.ui.pages;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ReadRequest;
import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.run.RetryPolicy;
import dev.ferry.server.schedule.ScheduleService;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a pipeline gets when its YAML says nothing, as Settings shows it. Every value is read from the
 * constant the loader, the runner or the scheduler uses, never retyped, so the page cannot drift from
 * what the server does.
 */
public record PipelineDefaults(List<Group> groups) {
    public record Group(String title, List<Fact> facts) {
    }

    /** A setting: its YAML key (null when the file cannot set it) and the value it takes. */
    public record Fact(String label, String key, String value) {
    }

    public static PipelineDefaults of(RetryPolicy retry, ScheduleService.Settings scheduler) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("Batches and commits", List.of(
                new Fact("Rows per batch", "batch_size", number(PipelineConfig.DEFAULT_BATCH_SIZE)),
                new Fact("Memory per batch at most", null, ReadRequest.DEFAULT_BATCH_BYTES / (1024 * 1024) + " MiB"),
                new Fact("Rows between commits (upsert streams)", "commit_every", number(PipelineConfig.DEFAULT_COMMIT_EVERY)
                        + ", or the batch size when larger"),
                new Fact("Streams at once", "parallelism", number(PipelineConfig.DEFAULT_PARALLELISM)),
                new Fact("Schema changes", "schema_changes", word(PipelineConfig.DEFAULT_SCHEMA_CHANGES)),
                new Fact("Connection timeout", null, ConnectionSpec.DEFAULT_CONNECT_TIMEOUT_SECONDS + " s"))));
        groups.add(new Group("Streams", List.of(
                new Fact("Sync", "sync", word(StreamConfig.DEFAULT_SYNC)),
                new Fact("Write", "write", word(StreamConfig.DEFAULT_WRITE)),
                new Fact("Naming", "naming", word(StreamConfig.DEFAULT_NAMING)),
                new Fact("Deletes", "deletes", word(StreamConfig.DEFAULT_DELETES)),
                new Fact("Bad rows", "max_bad_rows, max_bad_ratio", badRows(StreamConfig.DEFAULT_BAD_ROWS)))));
        groups.add(new Group("Retries", List.of(
                new Fact("Tries of a stream after a retriable error", null, retry.attempts() + " in all, waiting "
                        + DurationText.of(retry.delayAfter(1)) + " then twice as long each time"),
                new Fact("Retries of a failed scheduled run", "retries", number(ScheduleConfig.DEFAULT_RETRIES)),
                new Fact("Wait before the first retry", "retry_backoff", DurationText.of(ScheduleConfig.DEFAULT_RETRY_BACKOFF)
                        + ", then twice as long each time"))));
        groups.add(new Group("Schedules", List.of(
                new Fact("Cron time zone", "timezone", zone(ScheduleConfig.DEFAULT_TIMEZONE)),
                new Fact("Times missed while no server ran", "catch_up", word(ScheduleConfig.DEFAULT_CATCH_UP)),
                new Fact("Due runs looked for every", null, DurationText.of(scheduler.pollingInterval())),
                new Fact("Heartbeat of a running schedule", null, DurationText.of(scheduler.heartbeatInterval())),
                new Fact("A node's run taken over after", null, DurationText.of(scheduler.deadAfter())
                        + " without a heartbeat (" + scheduler.missedHeartbeats() + " missed)"),
                new Fact("Scheduled runs at once on a node", null, number(scheduler.threads())))));
        return new PipelineDefaults(groups);
    }

    private static String badRows(BadRowLimits limits) {
        return limits.quarantines() ? limits.describe() : "none: the first bad row fails the run (" + limits.describe() + ")";
    }

    /** UTC by that name, not as the offset Z. */
    private static String zone(ZoneId zone) {
        return ZoneOffset.UTC.equals(zone.normalized()) ? "UTC" : zone.getId();
    }

    /** An option as the YAML spells it. */
    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}

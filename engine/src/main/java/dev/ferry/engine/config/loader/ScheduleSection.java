package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.loader.Fields.Named;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code schedule:}, when the server runs the pipeline by itself:
 * <pre>{@code
 * schedule:
 *   every: 15m                 # an interval, at least 1s; or
 *   cron: "15 *\/4 * * *"       # five fields: minute hour day-of-month month day-of-week
 *   timezone: Europe/Rome      # the zone cron is read in (default UTC); only with cron
 *   after: [orders-load]       # also run when a run of one of these pipelines succeeds
 *   retries: 3                 # tries again after a failed scheduled run (default 3, 0 for none)
 *   retry_backoff: 30s         # wait before the first retry, doubling after each (default 30s)
 *   catch_up: one              # runs missed while no server ran: none | one | all (default one)
 * }</pre>
 */
final class ScheduleSection {
    static final List<String> KEYS = List.of("every", "cron", "timezone", "after", "retries", "retry_backoff", "catch_up");
    private static final Map<String, ScheduleConfig.CatchUp> CATCH_UP = StreamSection.options(ScheduleConfig.CatchUp.values());
    private static final Duration SHORTEST_EVERY = Duration.ofSeconds(1);

    private final Problems problems;

    ScheduleSection(Problems problems) {
        this.problems = problems;
    }

    ScheduleConfig read(Fields root) {
        YamlNode node = root.get("schedule");
        if (node == null) {
            return ScheduleConfig.NONE;
        }
        Fields fields = Fields.open(node, "schedule", problems, "a map with keys " + Suggestions.join(KEYS), KEYS);
        if (fields == null) {
            return ScheduleConfig.NONE;
        }
        Duration every = duration(fields, "every", SHORTEST_EVERY);
        String cron = fields.text("cron");
        if (cron != null) {
            String problem = CronFields.check(cron);
            if (problem != null) {
                fields.problem("cron", problem);
                cron = null;
            }
        }
        if (fields.has("every") && fields.has("cron")) {
            fields.problem("cron", "a schedule has either every or cron, not both");
        }
        ZoneId zone = ScheduleConfig.DEFAULT_TIMEZONE;
        String zoneText = fields.text("timezone");
        if (zoneText != null) {
            if (!fields.has("cron")) {
                fields.problem("timezone", "is only used with cron");
            }
            try {
                zone = ZoneId.of(zoneText.strip());
            } catch (DateTimeException e) {
                fields.problem("timezone", "'" + zoneText + "' is not a time zone; use a region such as Europe/Rome, "
                        + "America/Santo_Domingo or UTC");
            }
        }
        List<String> after = fields.names("after").stream().map(Named::value).toList();
        Integer retries = fields.wholeNumber("retries", 0, 100, "from 0 to 100");
        Duration backoff = duration(fields, "retry_backoff", Duration.ofMillis(1));
        ScheduleConfig.CatchUp catchUp = fields.choice("catch_up", CATCH_UP);
        if (!problems.isEmpty()) {
            return ScheduleConfig.NONE;
        }
        return new ScheduleConfig(every, cron == null ? null : cron.strip(), zone, after,
                retries != null ? retries : ScheduleConfig.DEFAULT_RETRIES,
                backoff != null ? backoff : ScheduleConfig.DEFAULT_RETRY_BACKOFF,
                catchUp != null ? catchUp : ScheduleConfig.DEFAULT_CATCH_UP);
    }

    private Duration duration(Fields fields, String key, Duration shortest) {
        String text = fields.text(key);
        if (text == null) {
            return null;
        }
        try {
            Duration value = LookbackParser.duration(text);
            if (value.compareTo(shortest) < 0) {
                fields.problem(key, "must be at least " + shortest.toString().substring(2).toLowerCase());
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            fields.problem(key, "must be a duration such as 30s, 15m, 2h or 1d, not '" + text + "'");
            return null;
        }
    }
}

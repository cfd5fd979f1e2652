package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.ScheduleConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A schedule in words, as the dashboard shows it: "every 15m", "cron 0 * * * * (Europe/Rome)", "after orders". */
public final class ScheduleWords {
    private ScheduleWords() {
    }

    /** When the schedule runs its pipeline by itself, in words; null when it never does (manual only). */
    public static String of(ScheduleConfig schedule) {
        return of(schedule.every(), schedule.cron(), schedule.timezone().getId(), schedule.after());
    }

    static String of(Duration every, String cron, String zone, List<String> after) {
        String when = every != null ? "every " + interval(every) : cron != null ? "cron " + cron + " (" + zone + ")" : "";
        if (!after.isEmpty()) {
            when = (when.isEmpty() ? "" : when + ", ") + "after " + String.join(", ", after);
        }
        return when.isEmpty() ? null : when;
    }

    /** An interval as a pipeline file writes it: "90s" is "1m 30s", "PT2H" is "2h". */
    public static String interval(Duration every) {
        List<String> parts = new ArrayList<>();
        if (every.toDaysPart() > 0) {
            parts.add(every.toDaysPart() + "d");
        }
        if (every.toHoursPart() > 0) {
            parts.add(every.toHoursPart() + "h");
        }
        if (every.toMinutesPart() > 0) {
            parts.add(every.toMinutesPart() + "m");
        }
        if (every.toSecondsPart() > 0 || parts.isEmpty()) {
            parts.add(every.toSecondsPart() + "s");
        }
        return String.join(" ", parts);
    }
}

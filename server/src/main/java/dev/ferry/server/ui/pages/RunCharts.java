package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.RunTotals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard's two charts of the run history: one pipeline's last runs, and every pipeline's last days. */
public final class RunCharts {
    /** Runs the pipeline page's chart shows at most. */
    public static final int PIPELINE_RUNS = 30;
    /** Days the overview's chart shows. */
    public static final int DAYS = 14;
    private static final DateTimeFormatter DAY_TICK = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private RunCharts() {
    }

    /** One pipeline's runs, oldest on the left: how long each took and how many rows it wrote, failures marked. */
    public static BarChart ofRuns(String pipeline, List<RunSummary> newestFirst) {
        List<RunSummary> runs = new ArrayList<>(newestFirst.subList(0, Math.min(PIPELINE_RUNS, newestFirst.size())));
        java.util.Collections.reverse(runs);
        List<BarChart.Column> columns = new ArrayList<>();
        long[] millis = new long[runs.size()];
        long[] rows = new long[runs.size()];
        int failed = 0;
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i);
            boolean failure = isFailure(run.status());
            failed += failure ? 1 : 0;
            columns.add(new BarChart.Column("#" + run.id(), "Run " + run.id() + " (" + run.statusLabel() + ")", failure,
                    failure ? "✕" : null));
            millis[i] = run.took().toMillis();
            rows[i] = run.rowsWritten();
        }
        String description = runs.isEmpty() ? "No runs yet."
                : "The last " + runs.size() + " runs of " + pipeline + ", oldest first: " + failed + " failed (hatched red, marked ✕). "
                + "Upper bars: how long each ran; lower bars: rows written. The run history table below has each run's figures.";
        return BarChart.of("runs-chart", "Duration and rows of the last runs of " + pipeline, description, columns, List.of(
                new BarChart.Panel("Duration", value -> DurationText.of(Duration.ofMillis(value)),
                        List.of(new BarChart.Series("duration", "took", millis))),
                new BarChart.Panel("Rows written", RunCharts::count,
                        List.of(new BarChart.Series("rows", "rows written", rows)))));
    }

    /**
     * Every pipeline's runs per day (UTC days) over the {@value #DAYS} days up to {@code today}:
     * runs succeeded and failed stacked, rows moved, time spent running.
     *
     * @param totals what {@link dev.ferry.engine.state.StateStore#runTotals} gave for those days
     * @param firstDay the start of the first day
     */
    public static BarChart ofDays(List<RunTotals> totals, Instant firstDay) {
        Map<Instant, RunTotals> byDay = new HashMap<>();
        totals.forEach(total -> byDay.put(total.from(), total));
        List<BarChart.Column> columns = new ArrayList<>();
        long[] succeeded = new long[DAYS];
        long[] failed = new long[DAYS];
        long[] other = new long[DAYS];
        long[] rows = new long[DAYS];
        long[] millis = new long[DAYS];
        long runs = 0;
        long failures = 0;
        for (int day = 0; day < DAYS; day++) {
            Instant from = firstDay.plus(Duration.ofDays(day));
            RunTotals total = byDay.getOrDefault(from, RunTotals.none(from));
            succeeded[day] = total.succeeded();
            failed[day] = total.failed();
            other[day] = total.runs() - total.succeeded() - total.failed();
            rows[day] = total.written();
            millis[day] = total.took().toMillis();
            runs += total.runs();
            failures += total.failed();
            String date = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(from);
            columns.add(new BarChart.Column(DAY_TICK.format(from), date + " (UTC): " + total.runs() + " runs, "
                    + total.succeeded() + " succeeded, " + total.failed() + " failed", false,
                    total.failed() > 0 ? total.failed() + "✕" : null));
        }
        String description = runs == 0 ? "No runs in the last " + DAYS + " days."
                : runs + " runs in the last " + DAYS + " days (UTC days), " + failures + " of them failed. Upper bars: runs "
                + "per day, succeeded in green below failed in hatched red, with the number failed marked ✕ above the day; "
                + "then rows moved per day, then the time spent running.";
        return BarChart.of("days-chart", "Runs of every pipeline over the last " + DAYS + " days", description, columns,
                List.of(new BarChart.Panel("Runs", RunCharts::count, List.of(
                                new BarChart.Series("succeeded", "succeeded", succeeded),
                                new BarChart.Series("other", "cancelled or running", other),
                                new BarChart.Series(BarChart.FAILED, "failed", failed))),
                        new BarChart.Panel("Rows moved", RunCharts::count,
                                List.of(new BarChart.Series("rows", "rows moved", rows))),
                        new BarChart.Panel("Time running", value -> DurationText.of(Duration.ofMillis(value)),
                                List.of(new BarChart.Series("duration", "time running", millis)))));
    }

    private static boolean isFailure(RunStatus status) {
        return status == RunStatus.FAILED || status == RunStatus.INTERRUPTED;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}

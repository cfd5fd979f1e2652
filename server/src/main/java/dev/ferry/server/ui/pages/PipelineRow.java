package dev.ferry.server.ui.pages;

import java.time.Instant;

/**
 * One pipeline on the overview.
 *
 * @param problem  the first configuration problem of an invalid pipeline; null when valid
 * @param last     its latest run; null when it never ran
 * @param schedule how it is scheduled, in words ("every 15m", "cron 0 * * * * Europe/Rome"); null for none
 * @param nextDue  when its schedule next runs it; null when unscheduled or paused
 */
public record PipelineRow(String name, boolean paused, String problem, RunSummary last, String schedule, Instant nextDue) {

    public boolean valid() {
        return problem == null;
    }

    /** Whether a run is going now. */
    public boolean running() {
        return last != null && last.ended() == null;
    }
}

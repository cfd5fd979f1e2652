package dev.ferry.server.ui.pages;

import java.time.Instant;
import java.util.List;

/**
 * One pipeline on the schedules page.
 *
 * @param words       when it runs by itself ("every 15m", "cron 0 6 * * * (Europe/Rome)"); null for manual only
 * @param nextDue     its next timed run; null for none or while paused
 * @param running     whether its timed run is going now
 * @param queued      runs queued by the trigger or by {@code after:}, not yet ended
 * @param after       the pipelines whose successful runs start it
 * @param starts      the pipelines its successful runs start
 * @param triggerUrl  where an upstream job POSTs to queue a run
 * @param curl        that call as a command, with a placeholder for the token
 * @param stored      whether it is stored through the API (its schedule is changed in its page's editor)
 * @param file        its file otherwise
 */
public record ScheduleRow(String pipeline, boolean paused, String words, String retries, String catchUp, Instant nextDue,
                          boolean running, int queued, List<String> after, List<String> starts, String triggerUrl,
                          String curl, boolean stored, String file) {
}

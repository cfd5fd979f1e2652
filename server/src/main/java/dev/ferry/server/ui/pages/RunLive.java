package dev.ferry.server.ui.pages;

import dev.ferry.server.quarantine.QuarantineEntryView;
import dev.ferry.server.runs.LogLineView;

import java.util.List;

/**
 * The part of a run's page that changes while it runs: its state and counts, the log lines not shown
 * yet, and the rows it set aside.
 *
 * @param host             the host of the process that runs (or ran) it; null when not recorded
 * @param quarantinedCount rows this run set aside that are still in the quarantine
 * @param quarantined      the first of them, listed once the run has ended (empty while it runs)
 * @param lines            log lines after the ones the page has
 * @param lastLineId       the id of the last log line the page will have
 * @param following        whether more will come: the run goes on, or lines remain to send
 */
public record RunLive(RunSummary run, String host, List<StreamProgress> streams, long quarantinedCount,
                      List<QuarantineEntryView> quarantined, List<LogLineView> lines, long lastLineId,
                      boolean following) {

    public boolean running() {
        return run.status() == dev.ferry.engine.state.RunStatus.RUNNING;
    }

    public boolean moreQuarantined() {
        return quarantinedCount > quarantined.size();
    }
}

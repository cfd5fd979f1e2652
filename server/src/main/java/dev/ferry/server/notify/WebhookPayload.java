package dev.ferry.server.notify;

import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a webhook notice.
 *
 * @param event         {@code failure} or {@code recovery}
 * @param pipeline      the pipeline's name
 * @param runId         the run that failed or succeeded
 * @param status        that run's status: FAILED or SUCCEEDED
 * @param failedStreams the streams that failed in that run; empty for a recovery
 * @param error         that run's error; null for a recovery
 * @param url           the link to the run
 * @param at            when the run ended
 * @param streak        the failure streak the notice starts or ends
 */
public record WebhookPayload(String event, String pipeline, long runId, String status, List<String> failedStreams,
                             String error, String url, Instant at, Streak streak) {

    static WebhookPayload of(Notice notice) {
        return new WebhookPayload(notice.event().label(), notice.pipeline(), notice.runId(), notice.status().name(),
                notice.failedStreams(), notice.error(), notice.url(), notice.at(),
                new Streak(notice.firstFailedRunId(), notice.failedRuns()));
    }

    /** The streak: its first failed run and how many runs failed. */
    public record Streak(long firstFailedRunId, int failedRuns) {
    }
}

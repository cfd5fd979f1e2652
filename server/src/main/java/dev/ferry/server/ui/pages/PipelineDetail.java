package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.loader.ConfigProblem;

import java.time.Instant;
import java.util.List;

/**
 * What the pipeline page shows of one pipeline.
 *
 * @param file          its YAML file; null for a pipeline stored through the API
 * @param problems      its configuration problems; empty when valid
 * @param source        its source connection's name and shown URL; null when invalid
 * @param schedule      its schedule; null when invalid
 * @param notifications where failures are told; null when invalid
 * @param running       whether a run of it is going now
 */
public record PipelineDetail(String name, String file, boolean paused, List<ConfigProblem> problems, String source,
                             String destination, List<StreamState> streams, Schedule schedule, Notifications notifications,
                             boolean running) {

    public boolean valid() {
        return problems.isEmpty();
    }

    public boolean stored() {
        return file == null;
    }

    /**
     * @param words   when it runs by itself ("every 15m"); null for manual only
     * @param nextDue its next timed run; null for none or while paused
     * @param after   the pipelines whose successful runs start it
     * @param starts  the pipelines its successful runs start
     */
    public record Schedule(String words, Instant nextDue, int retries, String retryBackoff, String catchUp,
                           List<String> after, List<String> starts) {
    }

    /** Mail addresses and webhooks; a webhook's signing key only as whether it has one. */
    public record Notifications(List<String> emails, List<Webhook> webhooks) {
        public boolean isEmpty() {
            return emails.isEmpty() && webhooks.isEmpty();
        }
    }

    public record Webhook(String url, boolean signed) {
    }
}

package dev.ferry.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.api.Secret;
import dev.ferry.engine.config.NotificationConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.SecretException;
import dev.ferry.engine.config.loader.SecretResolver;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.http.Json;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.runs.RunEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a notice when a pipeline's runs start failing and when they succeed again: one of each per
 * failure streak ({@link FailureStreaks}), by email and webhook, to the pipeline's own {@code notify:}
 * targets and to the global ones ({@link GlobalNotifications}).
 *
 * <p>It listens to {@link RunEvents} and hands each finished run to one thread of its own, which
 * decides in order; the sending happens on threads of its own (one for mail, two for webhooks), so a
 * slow mail server or webhook never slows a run, and a failed delivery is logged and recorded
 * ({@link Deliveries}) but fails nothing. A notice decided just before the server stops may not be
 * sent: its delivery then stays {@code pending} in the log.
 *
 * <p>Thread-safe.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final int SEND_ATTEMPTS = 4;
    private static final Duration FIRST_RETRY_WAIT = Duration.ofMillis(500);

    private final PipelineCatalog pipelines;
    private final NotificationSettingsStore settings;
    private final SmtpServer startupSmtp;
    private final FailureStreaks streaks;
    private final Deliveries deliveries;
    private final SecretResolver secrets;
    private final Supplier<String> baseUrl;
    private final Clock clock;
    private final MailSender mail;
    private final WebhookSender webhooks;
    /** For test notices: one attempt each, since someone waits for the answer. */
    private final MailSender mailOnce;
    private final WebhookSender webhooksOnce;
    private final ExecutorService decider = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ferry-notify").daemon(true).factory());
    /** Mail and webhooks have threads of their own, so a mail server that hangs does not hold webhooks back. */
    private final ExecutorService mailSender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ferry-notify-mail").daemon(true).factory());
    private final ExecutorService webhookSenders = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("ferry-notify-webhook-", 1).daemon(true).factory());

    /**
     * @param startupSmtp the mail server given at start; null for none
     * @param baseUrl     the server's public base URL, without a trailing slash, for links to runs
     */
    public NotificationService(PipelineCatalog pipelines, NotificationSettingsStore settings, SmtpServer startupSmtp,
                               FailureStreaks streaks, Deliveries deliveries, SecretResolver secrets,
                               Supplier<String> baseUrl, Clock clock) {
        this.pipelines = pipelines;
        this.settings = settings;
        this.startupSmtp = startupSmtp;
        this.streaks = streaks;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.baseUrl = baseUrl;
        this.mail = new MailSender(secrets, 3, FIRST_RETRY_WAIT);
        this.webhooks = new WebhookSender(clock, SEND_ATTEMPTS, FIRST_RETRY_WAIT);
        this.mailOnce = new MailSender(secrets, 1, FIRST_RETRY_WAIT);
        this.webhooksOnce = new WebhookSender(clock, 1, FIRST_RETRY_WAIT);
        this.clock = clock;
    }

    /** Starts following the runs' ends. */
    public RunEvents.Subscription listen(RunEvents events) {
        return events.subscribe(event -> {
            // Only these two can start or end a streak; a run stopped by a shutdown is neither.
            if (event instanceof RunEvent.Finished finished
                    && (finished.status() == RunStatus.FAILED || finished.status() == RunStatus.SUCCEEDED)) {
                try {
                    decider.execute(() -> decide(finished));
                } catch (RejectedExecutionException e) {
                    LOG.warn("Run {} of {} ended while notifications were stopping; no notice is considered for it",
                            finished.runId(), finished.pipeline());
                }
            }
        });
    }

    /** The mail server notices go through now: the one saved through the API, else the one given at start. */
    public Optional<SmtpServer> smtp(GlobalNotifications global) {
        return Optional.ofNullable(global.smtp() != null ? global.smtp() : startupSmtp);
    }

    public String baseUrl() {
        return baseUrl.get();
    }

    private void decide(RunEvent.Finished run) {
        try {
            Optional<FailureStreaks.Transition> transition = streaks.record(run);
            if (transition.isEmpty()) {
                return;
            }
            Notice notice = notice(transition.get(), run);
            LOG.info("Pipeline {} {} in run {}: sending a {} notice", run.pipeline(),
                    notice.event() == Notice.Event.FAILURE ? "is failing" : "recovered", run.runId(), notice.event().label());
            dispatch(notice);
        } catch (RuntimeException e) {
            LOG.warn("Notices for run {} of {} could not be handled: {}", run.runId(), run.pipeline(), e.getMessage(), e);
        }
    }

    private Notice notice(FailureStreaks.Transition transition, RunEvent.Finished run) {
        String url = baseUrl.get() + "/api/runs/" + run.runId();
        FailureStreaks.Streak streak = transition.streak();
        long firstFailedRun = streak.firstFailedRun() == null ? run.runId() : streak.firstFailedRun();
        if (transition.event() == Notice.Event.FAILURE) {
            return new Notice(Notice.Event.FAILURE, run.pipeline(), run.runId(), run.status(), run.trigger(),
                    run.failedStreams(), run.error(), url, run.at(), firstFailedRun, streak.failedRuns());
        }
        return new Notice(Notice.Event.RECOVERY, run.pipeline(), run.runId(), run.status(), run.trigger(), List.of(), null,
                url, run.at(), firstFailedRun, streak.failedRuns());
    }

    /**
     * Sends a test notice now, once to each target, and waits for the outcomes: to the global targets,
     * and to a pipeline's own when one is named. Not recorded in the delivery log.
     *
     * @param pipeline the pipeline whose targets are tried too; null for the global targets only
     * @param caller   who asked, named in the notice
     * @throws IllegalArgumentException when the pipeline does not exist or is not valid
     */
    public List<TestOutcome> sendTest(String pipeline, String caller) {
        GlobalNotifications global = settings.load();
        NotificationConfig own = NotificationConfig.NONE;
        if (pipeline != null) {
            own = pipelines.find(pipeline).filter(PipelineEntry::isValid).map(PipelineEntry::config)
                    .map(PipelineConfig::notifications)
                    .orElseThrow(() -> new IllegalArgumentException("Pipeline " + pipeline + " does not exist or is not valid"));
        }
        String about = pipeline == null ? "every pipeline" : "pipeline " + pipeline;
        List<TestOutcome> outcomes = new ArrayList<>();
        List<String> emails = emails(own, global);
        if (!emails.isEmpty()) {
            String target = String.join(", ", emails);
            Optional<SmtpServer> smtp = smtp(global);
            if (smtp.isEmpty()) {
                outcomes.add(new TestOutcome("email", target, false, 0, "no SMTP server is set"));
            } else {
                MailSender.Outcome outcome = mailOnce.send(smtp.get(), emails, "[Ferry] Test notice",
                        "This is a test notice from the Ferry server at " + baseUrl.get() + ", sent at the request of "
                                + caller + ".\n\nNotices of failures and recoveries of " + about + " come to this address.\n");
                outcomes.add(new TestOutcome("email", target, outcome.delivered(), outcome.attempts(), outcome.error()));
            }
        }
        byte[] body = testPayload(pipeline);
        for (Map.Entry<String, WebhookTarget> webhook : webhooks(own, global).entrySet()) {
            String shown = NotifyTargets.shown(webhook.getKey());
            try {
                WebhookSender.Outcome outcome = webhooksOnce.send(webhook.getKey(), webhook.getValue().secret().get(), "test",
                        UUID.randomUUID().toString(), body);
                outcomes.add(new TestOutcome("webhook", shown, outcome.delivered(), outcome.attempts(), outcome.error()));
            } catch (SecretException e) {
                outcomes.add(new TestOutcome("webhook", shown, false, 0, "its signing secret cannot be read: " + e.getMessage()));
            }
        }
        LOG.info("Test notice for {}, asked by {}: {} of {} target(s) reached", about, caller,
                outcomes.stream().filter(TestOutcome::delivered).count(), outcomes.size());
        outcomes.stream().filter(outcome -> !outcome.delivered()).forEach(outcome -> LOG.warn(
                "Test notice to {} {} failed: {}", outcome.channel(), outcome.target(), outcome.error()));
        return outcomes;
    }

    private byte[] testPayload(String pipeline) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "test");
        payload.put("pipeline", pipeline);
        payload.put("url", baseUrl.get());
        payload.put("at", clock.instant());
        try {
            return Json.MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A test notice cannot be written as JSON", e);
        }
    }

    /**
     * How a test notice to one target went.
     *
     * @param target the addresses, or the webhook's scheme, host and port
     * @param error  why it failed; null when delivered
     */
    public record TestOutcome(String channel, String target, boolean delivered, int attempts, String error) {
    }

    private void dispatch(Notice notice) {
        GlobalNotifications global = settings.load();
        NotificationConfig own = pipelines.find(notice.pipeline()).filter(PipelineEntry::isValid)
                .map(PipelineEntry::config).map(PipelineConfig::notifications).orElse(NotificationConfig.NONE);
        List<String> emails = emails(own, global);
        if (!emails.isEmpty()) {
            Optional<SmtpServer> smtp = smtp(global);
            long id = deliveries.open(notice, "email", String.join(", ", emails));
            if (smtp.isEmpty()) {
                LOG.warn("No SMTP server is set: the {} notice of {} is not mailed to {} address(es)", notice.event().label(),
                        notice.pipeline(), emails.size());
                deliveries.finish(id, false, 0, "no SMTP server is set");
            } else {
                submit(mailSender, () -> sendMail(id, smtp.get(), emails, notice));
            }
        }
        byte[] body = payload(notice);
        for (Map.Entry<String, WebhookTarget> webhook : webhooks(own, global).entrySet()) {
            long id = deliveries.open(notice, "webhook", NotifyTargets.shown(webhook.getKey()));
            submit(webhookSenders, () -> sendWebhook(id, webhook.getValue(), notice, body));
        }
    }

    private static void submit(ExecutorService senders, Runnable delivery) {
        try {
            senders.execute(delivery);
        } catch (RejectedExecutionException e) {
            LOG.warn("A notice was not sent: notifications are stopping");
        }
    }

    private void sendMail(long id, SmtpServer smtp, List<String> to, Notice notice) {
        try {
            MailSender.Outcome outcome = mail.send(smtp, to, NoticeText.subject(notice), NoticeText.body(notice));
            deliveries.finish(id, outcome.delivered(), outcome.attempts(), outcome.error());
            if (outcome.delivered()) {
                LOG.info("Mailed the {} notice of {} (run {}) to {} address(es) through {}:{}", notice.event().label(),
                        notice.pipeline(), notice.runId(), to.size(), smtp.host(), smtp.port());
            } else {
                LOG.warn("The {} notice of {} (run {}) could not be mailed after {} attempt(s): {}", notice.event().label(),
                        notice.pipeline(), notice.runId(), outcome.attempts(), outcome.error());
            }
        } catch (RuntimeException e) {
            deliveries.finish(id, false, 0, e.getClass().getSimpleName());
            LOG.warn("The {} notice of {} (run {}) could not be mailed", notice.event().label(), notice.pipeline(),
                    notice.runId(), e);
        }
    }

    private void sendWebhook(long id, WebhookTarget target, Notice notice, byte[] body) {
        String shown = NotifyTargets.shown(target.url());
        try {
            Secret secret = target.secret().get();
            WebhookSender.Outcome outcome = webhooks.send(target.url(), secret, notice.event().label(),
                    UUID.randomUUID().toString(), body);
            deliveries.finish(id, outcome.delivered(), outcome.attempts(), outcome.error());
            if (outcome.delivered()) {
                LOG.info("Posted the {} notice of {} (run {}) to webhook {} ({} attempt(s))", notice.event().label(),
                        notice.pipeline(), notice.runId(), shown, outcome.attempts());
            } else {
                LOG.warn("The {} notice of {} (run {}) could not be posted to webhook {} after {} attempt(s): {}",
                        notice.event().label(), notice.pipeline(), notice.runId(), shown, outcome.attempts(), outcome.error());
            }
        } catch (SecretException e) {
            deliveries.finish(id, false, 0, "its signing secret cannot be read: " + e.getMessage());
            LOG.warn("The {} notice of {} was not posted to webhook {}: its signing secret cannot be read: {}",
                    notice.event().label(), notice.pipeline(), shown, e.getMessage());
        } catch (RuntimeException e) {
            deliveries.finish(id, false, 0, e.getClass().getSimpleName());
            LOG.warn("The {} notice of {} was not posted to webhook {}", notice.event().label(), notice.pipeline(), shown, e);
        }
    }

    private static List<String> emails(NotificationConfig own, GlobalNotifications global) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String email : concat(own.emails(), global.emails())) {
            unique.putIfAbsent(email.toLowerCase(Locale.ROOT), email);
        }
        return List.copyOf(unique.values());
    }

    /** The webhooks by URL; the pipeline's own come first and win over a global one with the same URL. */
    private Map<String, WebhookTarget> webhooks(NotificationConfig own, GlobalNotifications global) {
        Map<String, WebhookTarget> targets = new LinkedHashMap<>();
        for (NotificationConfig.Webhook webhook : own.webhooks()) {
            targets.putIfAbsent(webhook.url(), new WebhookTarget(webhook.url(), webhook::secret));
        }
        for (GlobalNotifications.StoredWebhook webhook : global.webhooks()) {
            String reference = webhook.secretReference();
            targets.putIfAbsent(webhook.url(), new WebhookTarget(webhook.url(),
                    () -> reference == null ? null : secrets.resolve(reference)));
        }
        return targets;
    }

    private static byte[] payload(Notice notice) {
        try {
            return Json.MAPPER.writeValueAsBytes(WebhookPayload.of(notice));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notice cannot be written as JSON", e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Override
    public void close() {
        decider.shutdown();
        try {
            decider.awaitTermination(5, TimeUnit.SECONDS);
            mailSender.shutdown();
            webhookSenders.shutdown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean done = mailSender.awaitTermination(10, TimeUnit.SECONDS)
                    & webhookSenders.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!done) {
                LOG.warn("Notices still being sent after 10 s are dropped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mailSender.shutdownNow();
            webhookSenders.shutdownNow();
        }
    }

    /** A webhook and how to get its signing key when sending (null for none). */
    private record WebhookTarget(String url, Supplier<Secret> secret) {
    }
}

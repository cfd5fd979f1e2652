package dev.ferry.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.ApiClient;
import dev.ferry.server.FerryServer;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notices of failure streaks against a real SMTP server (GreenMail) and a local webhook receiver that
 * checks signatures, with runs triggered over HTTP on a real server.
 */
class NotificationTest {
    private static final String HOOK_SECRET = "hook-key-5f1c9e2a77";
    private static final String GLOBAL_HOOK_SECRET = "global-key-a7e3c0b9";
    private static final String SMTP_PASSWORD = "smtp-pass-83b1d4f6";
    private static final List<String> SECRETS = List.of(HOOK_SECRET, GLOBAL_HOOK_SECRET, SMTP_PASSWORD);
    private static final Map<String, String> ENVIRONMENT = Map.of("HOOK_SECRET", HOOK_SECRET,
            "GLOBAL_HOOK_SECRET", GLOBAL_HOOK_SECRET, "SMTP_PASSWORD", SMTP_PASSWORD);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ferry", SMTP_PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path folder;

    private final List<String> responses = new ArrayList<>();

    @Test
    void eachFailureStreakGivesOneFailureNoticeAndOneRecoveryNoticeByMailAndWebhook() throws Exception {
        Path source = folder.resolve("source.db");
        Path destination = folder.resolve("destination.db");
        try (CapturedLog log = new CapturedLog(); WebhookReceiver hook = WebhookReceiver.start();
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "orders", source, destination, """
                         notify:
                           email: [team@example.com]
                           webhooks:
                             - url: %s
                               secret: ${env:HOOK_SECRET}
                         """.formatted(hook.url("/hooks/ferry?token=path-token")));
                 return settings.withEnvironment(ENVIRONMENT).withNotifications(new NotifyOptions(smtp(), "https://ferry.example.com/"));
             })) {
            ApiClient operator = server.as(Role.OPERATOR);

            // The source file is missing: every run fails on stream items, three times in a row.
            long firstFailure = runToEnd(operator, "orders", "FAILED");
            runToEnd(operator, "orders", "FAILED");
            runToEnd(operator, "orders", "FAILED");
            SqlitePipelines.sourceWithItems(source, 20);
            long recovery = runToEnd(operator, "orders", "SUCCEEDED");
            awaitDeliveries(server, "orders", 4);

            MimeMessage[] mails = MAIL.getReceivedMessages();
            assertThat(mails).hasSize(2);
            assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("team@example.com");
            assertThat(mails[0].getSubject()).isEqualTo("[Ferry] orders is failing: run " + firstFailure + " failed");
            String failureText = GreenMailUtil.getBody(mails[0]);
            assertThat(failureText).contains("Pipeline orders failed in run " + firstFailure)
                    .contains("Failing streams: items")
                    .contains("items: Cannot connect to sqlite connection src").contains("source.db names no existing database file")
                    .contains("Run: https://ferry.example.com/api/runs/" + firstFailure);
            assertThat(mails[1].getSubject()).isEqualTo("[Ferry] orders recovered: run " + recovery + " succeeded");
            assertThat(GreenMailUtil.getBody(mails[1])).contains("failed 3 times in a row since run " + firstFailure)
                    .contains("Run: https://ferry.example.com/api/runs/" + recovery);

            List<WebhookReceiver.Request> posts = hook.requests();
            assertThat(posts).hasSize(2);
            WebhookReceiver.Request failure = posts.get(0);
            assertThat(failure.method()).isEqualTo("POST");
            assertThat(failure.path()).isEqualTo("/hooks/ferry?token=path-token");
            assertThat(failure.header("Content-Type")).isEqualTo("application/json");
            assertThat(failure.header(WebhookSignature.EVENT_HEADER)).isEqualTo("failure");
            assertThat(failure.signedWith(HOOK_SECRET)).isTrue();
            assertThat(failure.header(WebhookSignature.SIGNATURE_HEADER))
                    .isEqualTo("sha256=" + hmacHex(HOOK_SECRET, failure.header(WebhookSignature.TIMESTAMP_HEADER) + "." + failure.text()));
            JsonNode failureJson = JSON.readTree(failure.body());
            assertThat(failureJson.get("event").asText()).isEqualTo("failure");
            assertThat(failureJson.get("pipeline").asText()).isEqualTo("orders");
            assertThat(failureJson.get("runId").asLong()).isEqualTo(firstFailure);
            assertThat(failureJson.get("status").asText()).isEqualTo("FAILED");
            assertThat(texts(failureJson.get("failedStreams"))).containsExactly("items");
            assertThat(failureJson.get("error").asText()).startsWith("items: ").contains("names no existing database file");
            assertThat(failureJson.get("url").asText()).isEqualTo("https://ferry.example.com/api/runs/" + firstFailure);
            assertThat(failureJson.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            // A body changed on the way, or signed with another key, does not verify.
            byte[] tampered = failure.text().replace("\"orders\"", "\"ordres\"").getBytes(StandardCharsets.UTF_8);
            long timestamp = Long.parseLong(failure.header(WebhookSignature.TIMESTAMP_HEADER));
            assertThat(WebhookSignature.verify(HOOK_SECRET, timestamp, tampered, failure.header(WebhookSignature.SIGNATURE_HEADER))).isFalse();
            assertThat(WebhookSignature.verify(HOOK_SECRET, timestamp + 600, failure.body(), failure.header(WebhookSignature.SIGNATURE_HEADER))).isFalse();
            assertThat(failure.signedWith("another-key")).isFalse();

            JsonNode recoveryJson = JSON.readTree(posts.get(1).body());
            assertThat(posts.get(1).signedWith(HOOK_SECRET)).isTrue();
            assertThat(recoveryJson.get("event").asText()).isEqualTo("recovery");
            assertThat(recoveryJson.get("runId").asLong()).isEqualTo(recovery);
            assertThat(recoveryJson.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(recoveryJson.get("failedStreams")).isEmpty();
            assertThat(recoveryJson.get("error").isNull()).isTrue();
            assertThat(recoveryJson.get("streak").get("firstFailedRunId").asLong()).isEqualTo(firstFailure);
            assertThat(recoveryJson.get("streak").get("failedRuns").asInt()).isEqualTo(3);

            // A second streak: two failures, then a success, give a second pair.
            Files.delete(source);
            long secondFailure = runToEnd(operator, "orders", "FAILED");
            runToEnd(operator, "orders", "FAILED");
            SqlitePipelines.sourceWithItems(source, 20);
            long secondRecovery = runToEnd(operator, "orders", "SUCCEEDED");
            runToEnd(operator, "orders", "SUCCEEDED");
            List<JsonNode> deliveries = awaitDeliveries(server, "orders", 8);

            assertThat(MAIL.getReceivedMessages()).hasSize(4).extracting(MimeMessage::getSubject).containsExactly(
                    "[Ferry] orders is failing: run " + firstFailure + " failed",
                    "[Ferry] orders recovered: run " + recovery + " succeeded",
                    "[Ferry] orders is failing: run " + secondFailure + " failed",
                    "[Ferry] orders recovered: run " + secondRecovery + " succeeded");
            assertThat(hook.requests()).hasSize(4).allSatisfy(post -> assertThat(post.signedWith(HOOK_SECRET)).isTrue());
            assertThat(JSON.readTree(hook.requests().get(2).body()).get("runId").asLong()).isEqualTo(secondFailure);
            assertThat(JSON.readTree(hook.requests().get(3).body()).get("streak").get("failedRuns").asInt()).isEqualTo(2);
            assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.get("status").asText()).isEqualTo("sent"));
            assertThat(deliveries).extracting(delivery -> delivery.get("target").asText())
                    .contains("team@example.com", hook.url("/…"))
                    .noneMatch(target -> target.contains("token"));

            assertNoSecretIn(log.text(), server);
        }
    }

    @Test
    void aWebhookAnswering503TwiceGetsTheNoticeOnTheThirdTry() throws Exception {
        Path source = folder.resolve("missing.db");
        try (CapturedLog log = new CapturedLog(); WebhookReceiver hook = WebhookReceiver.start(503, 503);
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "flaky", source, folder.resolve("out.db"), """
                         notify:
                           webhooks:
                             - url: %s
                               secret: ${env:HOOK_SECRET}
                         """.formatted(hook.url("/hook")));
                 return settings.withEnvironment(ENVIRONMENT);
             })) {
            long run = runToEnd(server.as(Role.OPERATOR), "flaky", "FAILED");
            List<JsonNode> deliveries = awaitDeliveries(server, "flaky", 1);

            assertThat(deliveries.get(0).get("status").asText()).isEqualTo("sent");
            assertThat(deliveries.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(deliveries.get(0).get("runId").asLong()).isEqualTo(run);
            List<WebhookReceiver.Request> posts = hook.requests();
            assertThat(posts).hasSize(3).allSatisfy(post -> assertThat(post.signedWith(HOOK_SECRET)).isTrue());
            assertThat(posts).extracting(post -> post.header(WebhookSignature.DELIVERY_HEADER)).doesNotContainNull()
                    .containsOnly(posts.get(0).header(WebhookSignature.DELIVERY_HEADER));
            assertThat(posts).extracting(WebhookReceiver.Request::text).containsOnly(posts.get(0).text());
            assertNoSecretIn(log.text(), server);
        }
    }

    @Test
    void globalSettingsSetByAnAdminApplyToEveryPipelineAndShowNoSecret() throws Exception {
        try (CapturedLog log = new CapturedLog(); WebhookReceiver hook = WebhookReceiver.start();
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "alpha", folder.resolve("a.db"), folder.resolve("a-out.db"), "");
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "beta", folder.resolve("b.db"), folder.resolve("b-out.db"), "");
                 return settings.withEnvironment(ENVIRONMENT);
             })) {
            ApiClient admin = server.as(Role.ADMIN);
            JsonNode empty = read(admin.get("/api/settings/notifications"), 200);
            assertThat(empty.get("smtp").isNull()).isTrue();
            assertThat(empty.get("emails")).isEmpty();
            assertThat(empty.get("publicUrl").asText()).isEqualTo(server.server().url());

            String settings = """
                    {"smtp": {"host": "127.0.0.1", "port": %d, "security": "none", "user": "ferry",
                              "password": "${env:SMTP_PASSWORD}", "from": "ferry@example.com"},
                     "emails": ["ops@example.com"],
                     "webhooks": [{"url": "%s", "secret": "${env:GLOBAL_HOOK_SECRET}"}]}
                    """.formatted(MAIL.getSmtp().getPort(), hook.url("/global"));
            assertThat(read(server.as(Role.OPERATOR).put("/api/settings/notifications", settings), 403)
                    .get("error").get("message").asText()).contains("admin");
            assertThat(server.as(Role.VIEWER).get("/api/settings/notifications").status()).isEqualTo(403);

            JsonNode literal = read(admin.put("/api/settings/notifications",
                    settings.replace("${env:SMTP_PASSWORD}", SMTP_PASSWORD)), 400);
            assertThat(literal.get("error").get("details").get("field").asText()).isEqualTo("smtp.password");
            JsonNode unset = read(admin.put("/api/settings/notifications",
                    settings.replace("${env:GLOBAL_HOOK_SECRET}", "${env:NO_SUCH_SECRET}")), 400);
            assertThat(unset.get("error").get("message").asText()).contains("webhooks[0].secret").contains("NO_SUCH_SECRET");
            assertThat(read(admin.put("/api/settings/notifications", settings.replace("ops@example.com", "ops")), 400)
                    .get("error").get("details").get("field").asText()).isEqualTo("emails[0]");

            JsonNode saved = read(admin.put("/api/settings/notifications", settings), 200);
            assertThat(saved.get("smtpSource").asText()).isEqualTo("api");
            assertThat(saved.get("smtp").get("passwordSet").asBoolean()).isTrue();
            assertThat(saved.get("smtp").has("password")).isFalse();
            assertThat(saved.get("webhooks").get(0).get("secretSet").asBoolean()).isTrue();
            assertThat(saved.get("updatedBy").asText()).isEqualTo("test-admin");

            // A PUT keeps the stored references when asked, without repeating them.
            JsonNode kept = read(admin.put("/api/settings/notifications", """
                    {"smtp": {"host": "127.0.0.1", "port": %d, "security": "none", "user": "ferry", "keepPassword": true,
                              "from": "ferry@example.com"},
                     "emails": ["ops@example.com"],
                     "webhooks": [{"url": "%s", "keepSecret": true}]}
                    """.formatted(MAIL.getSmtp().getPort(), hook.url("/global"))), 200);
            assertThat(kept.get("smtp").get("passwordSet").asBoolean()).isTrue();
            assertThat(kept.get("webhooks").get(0).get("secretSet").asBoolean()).isTrue();
            assertThat(read(admin.get("/api/settings/notifications"), 200)).isEqualTo(kept);

            ApiClient operator = server.as(Role.OPERATOR);
            long alpha = runToEnd(operator, "alpha", "FAILED");
            long beta = runToEnd(operator, "beta", "FAILED");
            awaitDeliveries(server, "alpha", 2);
            awaitDeliveries(server, "beta", 2);

            MimeMessage[] mails = MAIL.getReceivedMessages();
            assertThat(mails).hasSize(2).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                    "[Ferry] alpha is failing: run " + alpha + " failed", "[Ferry] beta is failing: run " + beta + " failed");
            assertThat(mails).allSatisfy(mail -> assertThat(mail.getAllRecipients()).extracting(Object::toString)
                    .containsExactly("ops@example.com"));
            assertThat(GreenMailUtil.getBody(mails[0])).contains(server.server().url() + "/api/runs/");
            assertThat(hook.requests()).hasSize(2).allSatisfy(post -> assertThat(post.signedWith(GLOBAL_HOOK_SECRET)).isTrue());
            assertThat(hook.requests()).extracting(post -> JSON.readTree(post.body()).get("pipeline").asText())
                    .containsExactlyInAnyOrder("alpha", "beta");

            List<AuditEntry> audit = server.server().parts().audit().recent(50, 0).stream()
                    .filter(entry -> entry.action().equals("settings.notifications")).toList();
            assertThat(audit).extracting(AuditEntry::outcome).containsExactly("ok", "ok", "refused", "refused", "refused");
            assertThat(audit).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("test-admin"));
            assertThat(audit).extracting(AuditEntry::detail).noneMatch(detail -> SECRETS.stream().anyMatch(detail::contains));
            assertNoSecretIn(log.text(), server);
        }
    }

    @Test
    void aRestartNeitherSendsTheFailureNoticeAgainNorForgetsTheStreak() {
        Path source = folder.resolve("source.db");
        try (WebhookReceiver hook = WebhookReceiver.start()) {
            try (TestServer server = TestServer.start(folder, settings -> {
                SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "nightly", source, folder.resolve("out.db"), """
                        notify:
                          webhooks: %s
                        """.formatted(hook.url("/hook")));
                return settings;
            })) {
                runToEnd(server.as(Role.OPERATOR), "nightly", "FAILED");
                awaitDeliveries(server, "nightly", 1);
            }
            // The same store and pipelines, a new process: the streak goes on where it was.
            ServerSettings again = ServerSettings.defaults().withPort(0).withPipelinesFolder(folder.resolve("pipelines"))
                    .withDataFolder(folder.resolve("data"))
                    .withState(new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null));
            try (FerryServer server = FerryServer.start(again)) {
                ApiClient operator = new ApiClient(server.url(), server.parts().tokens().create("after-restart", Role.OPERATOR).value());
                long stillFailing = runToEnd(operator, "nightly", "FAILED");
                SqlitePipelines.sourceWithItems(source, 5);
                long recovered = runToEnd(operator, "nightly", "SUCCEEDED");
                JsonNode deliveries = await().atMost(Duration.ofSeconds(60)).until(
                        () -> read(operator.get("/api/notifications?pipeline=nightly"), 200),
                        list -> list.size() >= 2 && !list.get(0).get("status").asText().equals("pending"));
                assertThat(deliveries).hasSize(2);
                assertThat(deliveries.get(0).get("event").asText()).isEqualTo("recovery");
                assertThat(deliveries.get(0).get("runId").asLong()).isEqualTo(recovered).isGreaterThan(stillFailing);
                assertThat(hook.requests()).hasSize(2);
                JsonNode recovery = JSON.readTree(hook.requests().get(1).body());
                assertThat(recovery.get("event").asText()).isEqualTo("recovery");
                assertThat(recovery.get("streak").get("failedRuns").asInt()).isEqualTo(2);
                assertThat(hook.requests().get(1).header(WebhookSignature.SIGNATURE_HEADER)).as("no secret: unsigned").isNull();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMailServerThatRefusesTheLoginFailsTheDeliveryNotTheRunAndNamesNoPassword() {
        Path source = folder.resolve("missing.db");
        try (CapturedLog log = new CapturedLog();
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "mailed", source, folder.resolve("out.db"), """
                         notify:
                           email: team@example.com
                         """);
                 return settings.withEnvironment(Map.of("SMTP_PASSWORD", "wrong-" + SMTP_PASSWORD))
                         .withNotifications(new NotifyOptions(smtp(), null));
             })) {
            runToEnd(server.as(Role.OPERATOR), "mailed", "FAILED");
            JsonNode delivery = awaitDeliveries(server, "mailed", 1).get(0);
            assertThat(delivery.get("status").asText()).isEqualTo("failed");
            assertThat(delivery.get("channel").asText()).isEqualTo("email");
            assertThat(delivery.get("error").asText()).startsWith("SMTP 127.0.0.1:" + MAIL.getSmtp().getPort());
            assertThat(delivery.get("attempts").asInt()).as("a refused login is not tried again").isEqualTo(1);
            assertThat(MAIL.getReceivedMessages()).isEmpty();
            assertThat(log.text()).contains("could not be mailed").doesNotContain(SMTP_PASSWORD);
        }
    }

    @Test
    void aMailServerThatHangsHoldsBackNoRunAndNoWebhook() {
        Path source = folder.resolve("source.db");
        try (SilentMailServer silent = SilentMailServer.start(); WebhookReceiver hook = WebhookReceiver.start();
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "slow", source, folder.resolve("out.db"), """
                         notify:
                           email: team@example.com
                           webhooks: %s
                         """.formatted(hook.url("/slow")));
                 return settings.withNotifications(new NotifyOptions(new SmtpServer("127.0.0.1", silent.port(),
                         SmtpServer.Security.NONE, null, null, "ferry@example.com"), null));
             })) {
            ApiClient operator = server.as(Role.OPERATOR);
            runToEnd(operator, "slow", "FAILED");
            SqlitePipelines.sourceWithItems(source, 5);
            runToEnd(operator, "slow", "SUCCEEDED");
            await().atMost(Duration.ofSeconds(30)).until(() -> hook.requests().size() == 2);

            // Both runs ended and both webhooks were posted while the first mail still waits for the server.
            await().atMost(Duration.ofSeconds(5)).until(() -> silent.connections() == 1);
            JsonNode now = read(server.as(Role.VIEWER).get("/api/notifications?pipeline=slow"), 200);
            assertThat(StreamSupport.stream(now.spliterator(), false)
                    .filter(delivery -> delivery.get("channel").asText().equals("email"))
                    .map(delivery -> delivery.get("status").asText())).containsOnly("pending");

            silent.close();
            List<JsonNode> deliveries = awaitDeliveries(server, "slow", 4);
            assertThat(deliveries).filteredOn(delivery -> delivery.get("channel").asText().equals("email"))
                    .allSatisfy(delivery -> {
                        assertThat(delivery.get("status").asText()).isEqualTo("failed");
                        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                    });
            assertThat(deliveries).filteredOn(delivery -> delivery.get("channel").asText().equals("webhook"))
                    .extracting(delivery -> delivery.get("status").asText()).containsExactly("sent", "sent");
        }
    }

    @Test
    void anAdminSendsATestNoticeToCheckTheTargets() throws Exception {
        try (CapturedLog log = new CapturedLog(); WebhookReceiver hook = WebhookReceiver.start();
             TestServer server = TestServer.start(folder, settings -> {
                 SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), "gamma", folder.resolve("g.db"), folder.resolve("g-out.db"), """
                         notify:
                           email: team@example.com
                         """);
                 return settings.withEnvironment(ENVIRONMENT).withNotifications(new NotifyOptions(smtp(), null));
             })) {
            ApiClient admin = server.as(Role.ADMIN);
            read(admin.put("/api/settings/notifications", """
                    {"emails": ["ops@example.com"], "webhooks": [{"url": "%s", "secret": "${env:GLOBAL_HOOK_SECRET}"}]}
                    """.formatted(hook.url("/global"))), 200);
            assertThat(server.as(Role.OPERATOR).post("/api/settings/notifications/test", "").status()).isEqualTo(403);

            JsonNode global = read(admin.post("/api/settings/notifications/test", ""), 200).get("deliveries");
            assertThat(global).hasSize(2);
            assertThat(global.get(0).get("channel").asText()).isEqualTo("email");
            assertThat(global.get(0).get("target").asText()).isEqualTo("ops@example.com");
            assertThat(global.get(0).get("delivered").asBoolean()).as(global.toString()).isTrue();
            assertThat(global.get(1).get("channel").asText()).isEqualTo("webhook");
            assertThat(global.get(1).get("delivered").asBoolean()).as(global.toString()).isTrue();
            assertThat(MAIL.getReceivedMessages()).hasSize(1);
            assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[Ferry] Test notice");
            assertThat(GreenMailUtil.getBody(MAIL.getReceivedMessages()[0])).contains("test-admin").contains("every pipeline");
            WebhookReceiver.Request post = hook.requests().get(0);
            assertThat(post.header(WebhookSignature.EVENT_HEADER)).isEqualTo("test");
            assertThat(post.signedWith(GLOBAL_HOOK_SECRET)).isTrue();
            assertThat(JSON.readTree(post.body()).get("event").asText()).isEqualTo("test");

            JsonNode gamma = read(admin.post("/api/settings/notifications/test?pipeline=gamma", ""), 200).get("deliveries");
            assertThat(gamma.get(0).get("target").asText()).isEqualTo("team@example.com, ops@example.com");
            assertThat(read(admin.post("/api/settings/notifications/test?pipeline=nope", ""), 404)
                    .get("error").get("message").asText()).contains("nope");
            assertThat(server.server().parts().audit().recent(50, 0)).filteredOn(entry -> entry.action().equals("settings.notifications.test"))
                    .extracting(AuditEntry::outcome).containsExactly("ok", "ok");
            assertNoSecretIn(log.text(), server);
        }
    }

    private static SmtpServer smtp() {
        return new SmtpServer("127.0.0.1", MAIL.getSmtp().getPort(), SmtpServer.Security.NONE, "ferry",
                "${env:SMTP_PASSWORD}", "ferry@example.com");
    }

    /** Starts a run, waits for its end, checks its status; returns its id. */
    private long runToEnd(ApiClient operator, String pipeline, String expected) {
        JsonNode started = read(operator.post("/api/pipelines/" + pipeline + "/runs", "{}"), 202);
        long runId = started.get("runId").asLong();
        JsonNode run = await().atMost(Duration.ofSeconds(60)).until(() -> read(operator.get("/api/runs/" + runId), 200),
                body -> !body.get("status").asText().equals("RUNNING"));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo(expected);
        return runId;
    }

    /** Waits until {@code count} deliveries of the pipeline's notices have ended; returns them, oldest first. */
    private List<JsonNode> awaitDeliveries(TestServer server, String pipeline, int count) {
        ApiClient viewer = server.as(Role.VIEWER);
        JsonNode deliveries = await().atMost(Duration.ofSeconds(60)).until(
                () -> read(viewer.get("/api/notifications?pipeline=" + pipeline), 200),
                list -> list.size() >= count && StreamSupport.stream(list.spliterator(), false)
                        .noneMatch(delivery -> delivery.get("status").asText().equals("pending")));
        List<JsonNode> oldestFirst = new ArrayList<>(StreamSupport.stream(deliveries.spliterator(), false).toList());
        java.util.Collections.reverse(oldestFirst);
        assertThat(oldestFirst).as(deliveries.toString()).hasSize(count);
        return oldestFirst;
    }

    private JsonNode read(ApiClient.Response response, int status) {
        responses.add(response.body());
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    /** No secret in any response of the test, any log line, or the state store's file. */
    private void assertNoSecretIn(String log, TestServer server) throws IOException {
        responses.add(server.as(Role.ADMIN).get("/api/settings/notifications").body());
        responses.add(server.as(Role.VIEWER).get("/api/notifications").body());
        assertThat(log).as("the log was captured").contains("Ferry server listening");
        byte[] store = Files.readAllBytes(server.folder().resolve("state.db"));
        String storeText = new String(store, StandardCharsets.ISO_8859_1);
        for (String secret : SECRETS) {
            assertThat(responses).noneMatch(body -> body.contains(secret));
            assertThat(log).doesNotContain(secret);
            assertThat(storeText).doesNotContain(secret);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String hmacHex(String key, String content) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}

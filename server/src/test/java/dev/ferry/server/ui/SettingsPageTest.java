package dev.ferry.server.ui;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ReadRequest;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.run.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.server.ApiClient;
import dev.ferry.server.TestServer;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import dev.ferry.server.notify.NotifyOptions;
import dev.ferry.server.notify.SmtpServer;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.ui.pages.DurationText;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings over HTTP as a signed-in person uses it: the mail server saved from the dashboard carries a
 * test notice to a real SMTP server (GreenMail) with its password given as a reference, and the
 * pipeline defaults show what the running server uses.
 */
class SettingsPageTest {
    private static final String SMTP_PASSWORD = "smtp-pass-4c2e91d0b7";
    private static final String STARTUP_FROM = "startup@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ferry", SMTP_PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path folder;

    @Test
    void anAdminSavesTheMailServerAndTheTestNoticeArrivesThroughIt() throws Exception {
        Path passwordFile = folder.resolve("smtp-password");
        Files.writeString(passwordFile, SMTP_PASSWORD);
        int port = MAIL.getSmtp().getPort();
        try (TestServer server = TestServer.start(folder, settings -> settings.withEnvironment(Map.of("SMTP_PASSWORD", SMTP_PASSWORD))
                // Given at start: what notices fall back to when the one saved here is removed.
                .withNotifications(new NotifyOptions(new SmtpServer("127.0.0.1", port, SmtpServer.Security.NONE, null, null,
                        STARTUP_FROM), null)))) {
            DashboardClient admin = DashboardClient.signIn(server, "ada", Role.ADMIN);
            assertThat(admin.submit(UiPaths.SETTINGS_NOTIFICATIONS, Map.of("emails", "ops@example.com", "webhooks", "")).status())
                    .isEqualTo(303);
            DashboardClient.Response before = admin.get(UiPaths.SETTINGS);
            assertThat(before.body()).contains("when the server started").contains("value=\"" + STARTUP_FROM + "\"")
                    .contains("No password is set.").doesNotContain(UiPaths.SETTINGS_SMTP_REMOVE);

            DashboardClient.Response saved = admin.submit(UiPaths.SETTINGS_SMTP, smtpForm(Map.of("password", "${env:SMTP_PASSWORD}")));
            assertThat(saved.status()).as(saved.body()).isEqualTo(303);
            assertThat(saved.header("Location")).isEqualTo(UiPaths.SETTINGS);
            JsonNode view = settings(server);
            assertThat(view.get("smtpSource").asText()).isEqualTo("api");
            assertThat(view.get("smtp")).isEqualTo(JSON.readTree("""
                    {"host": "127.0.0.1", "port": %d, "security": "none", "user": "ferry", "from": "ferry@example.com",
                     "passwordSet": true}""".formatted(port)));
            assertThat(view.get("emails")).as("the emails stay as they were").containsExactly(JSON.getNodeFactory().textNode("ops@example.com"));

            DashboardClient.Response page = admin.get(UiPaths.SETTINGS);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<dt>Server</dt><dd>127.0.0.1:" + port + " (none)</dd>")
                    .contains("<dt>Password</dt><dd>set</dd>").contains("A password is set: leave this blank to keep it.")
                    .contains("<label for=\"smtp-host\">Host</label>").contains("aria-describedby=\"smtp-port-hint\"")
                    .contains("<option value=\"none\" selected>none</option>").contains(UiPaths.SETTINGS_SMTP_REMOVE)
                    .doesNotContain(SMTP_PASSWORD).doesNotContain("SMTP_PASSWORD").doesNotContain("${env:");

            DashboardClient.Response test = admin.submit(UiPaths.SETTINGS_NOTIFICATIONS_TEST, Map.of());
            assertThat(test.status()).isEqualTo(200);
            assertThat(test.body()).contains("delivered").contains("ops@example.com").doesNotContain(SMTP_PASSWORD);
            assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage mail = MAIL.getReceivedMessages()[0];
            assertThat(mail.getFrom()[0].toString()).as("sent through the server saved here").isEqualTo("ferry@example.com");
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com");
            assertThat(GreenMailUtil.getBody(mail)).doesNotContain(SMTP_PASSWORD);

            // Neither an operator nor a viewer may change it, and nothing changes when they try.
            for (Role role : List.of(Role.OPERATOR, Role.VIEWER)) {
                DashboardClient other = DashboardClient.signIn(server, "someone-" + role.label(), role);
                assertThat(other.submit(UiPaths.SETTINGS_SMTP, smtpForm(Map.of("host", "evil.example.com"))).status())
                        .as(role.label()).isEqualTo(403);
                assertThat(other.submit(UiPaths.SETTINGS_SMTP_REMOVE, Map.of()).status()).as(role.label()).isEqualTo(403);
                assertThat(other.get(UiPaths.SETTINGS).body()).doesNotContain("smtp-host").contains("Pipeline defaults");
            }
            assertThat(settings(server)).isEqualTo(view);

            // Refused input: a 400 naming the field, the form again without any password, nothing saved.
            Map<Map<String, String>, String> refusals = new LinkedHashMap<>();
            refusals.put(Map.of("port", "twenty-five"), "smtp.port: 'twenty-five' is not a port number");
            refusals.put(Map.of("port", "70000"), "smtp.port: must be from 1 to 65535, not 70000");
            refusals.put(Map.of("password", SMTP_PASSWORD), "smtp.password: must be ${env:NAME} or ${file:PATH}");
            refusals.put(Map.of("password", "${env:NO_SUCH_VARIABLE}"), "smtp.password:");
            refusals.put(Map.of("from", ""), "smtp.from: is required");
            refusals.put(Map.of("from", "not an address"), "smtp.from: 'not an address' is not an email address");
            refusals.put(Map.of("host", ""), "smtp.host: is required");
            refusals.put(Map.of("security", "tls13"), "smtp.security: must be none, starttls or ssl");
            refusals.put(Map.of("user", ""), "smtp.user: is required with a password");
            for (Map.Entry<Map<String, String>, String> refusal : refusals.entrySet()) {
                DashboardClient.Response refused = admin.submit(UiPaths.SETTINGS_SMTP, smtpForm(refusal.getKey()));
                assertThat(refused.status()).as(refusal.getKey().toString()).isEqualTo(400);
                assertThat(refused.body()).as(refusal.getKey().toString()).contains("role=\"alert\" id=\"smtp-error\"")
                        .contains("Mail server not saved: " + refusal.getValue()).doesNotContain(SMTP_PASSWORD);
                assertThat(settings(server)).as(refusal.getKey().toString()).isEqualTo(view);
            }
            DashboardClient.Response badPort = admin.submit(UiPaths.SETTINGS_SMTP, smtpForm(Map.of("port", "twenty-five")));
            assertThat(badPort.body()).contains("value=\"twenty-five\"").contains("aria-invalid=\"true\"")
                    .contains("aria-describedby=\"smtp-port-hint smtp-error\"");

            // A blank password keeps the one set; a file reference replaces it; the sender changes.
            assertThat(admin.submit(UiPaths.SETTINGS_SMTP, smtpForm(Map.of("from", "notices@example.com"))).status()).isEqualTo(303);
            assertThat(settings(server).get("smtp").get("passwordSet").asBoolean()).isTrue();
            assertThat(admin.submit(UiPaths.SETTINGS_SMTP, smtpForm(Map.of("password", "${file:" + passwordFile + "}",
                    "from", "notices@example.com"))).status()).isEqualTo(303);
            assertThat(admin.submit(UiPaths.SETTINGS_NOTIFICATIONS_TEST, Map.of()).body()).contains("delivered");
            assertThat(MAIL.waitForIncomingEmail(10_000, 2)).isTrue();
            assertThat(MAIL.getReceivedMessages()[1].getFrom()[0].toString()).isEqualTo("notices@example.com");
            assertThat(admin.get(UiPaths.SETTINGS).body()).doesNotContain(passwordFile.toString()).doesNotContain(SMTP_PASSWORD);

            // Removing it falls back to the server given at start; the emails stay.
            assertThat(admin.submit(UiPaths.SETTINGS_SMTP_REMOVE, Map.of()).status()).isEqualTo(303);
            JsonNode removed = settings(server);
            assertThat(removed.get("smtpSource").asText()).isEqualTo("startup");
            assertThat(removed.get("smtp").get("from").asText()).isEqualTo(STARTUP_FROM);
            assertThat(removed.get("emails")).containsExactly(JSON.getNodeFactory().textNode("ops@example.com"));
            assertThat(admin.get(UiPaths.SETTINGS).body()).contains("when the server started");

            List<AuditEntry> audit = server.server().parts().audit().recent(100, 0).stream()
                    .filter(entry -> entry.action().startsWith("settings.notifications")).toList().reversed();
            assertThat(audit).extracting(entry -> entry.action() + " " + entry.outcome()).containsExactly(
                    "settings.notifications ok", "settings.notifications ok", "settings.notifications.test ok",
                    "settings.notifications refused", "settings.notifications refused", "settings.notifications refused",
                    "settings.notifications refused", "settings.notifications refused", "settings.notifications refused",
                    "settings.notifications refused", "settings.notifications refused", "settings.notifications refused",
                    "settings.notifications refused",
                    "settings.notifications ok", "settings.notifications ok", "settings.notifications.test ok",
                    "settings.notifications ok");
            assertThat(audit).allSatisfy(entry -> assertThat(entry.actor()).isEqualTo("ui:ada"));
            assertThat(audit.get(1).detail()).contains("SMTP 127.0.0.1:" + port);
            assertThat(audit.get(3).detail()).contains("smtp.port");
            assertThat(audit.getLast().detail()).contains("SMTP from startup");
            assertThat(audit).extracting(AuditEntry::detail).noneMatch(detail -> detail != null
                    && (detail.contains(SMTP_PASSWORD) || detail.contains(passwordFile.toString())));
        }
    }

    @Test
    void everyoneSignedInSeesThePipelineDefaultsTheServerUses() {
        try (TestServer server = TestServer.start(folder)) {
            assertThat(server.server().parts().runs().retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
            assertThat(server.server().parts().schedules().settings()).isEqualTo(ScheduleService.Settings.DEFAULT);
            DashboardClient viewer = DashboardClient.signIn(server, "vera", Role.VIEWER);
            DashboardClient.Response page = viewer.get(UiPaths.SETTINGS);
            assertThat(page.status()).isEqualTo(200);
            Map<String, String> facts = defaults(page.body());
            RetryPolicy retry = RetryPolicy.DEFAULT;
            ScheduleService.Settings scheduler = ScheduleService.Settings.DEFAULT;
            assertThat(facts).containsEntry("Rows per batch batch_size", number(PipelineConfig.DEFAULT_BATCH_SIZE))
                    .containsEntry("Memory per batch at most", ReadRequest.DEFAULT_BATCH_BYTES / (1024 * 1024) + " MiB")
                    .containsEntry("Rows between commits (upsert streams) commit_every",
                            number(PipelineConfig.DEFAULT_COMMIT_EVERY) + ", or the batch size when larger")
                    .containsEntry("Streams at once parallelism", number(PipelineConfig.DEFAULT_PARALLELISM))
                    .containsEntry("Schema changes schema_changes", "propagate")
                    .containsEntry("Connection timeout", ConnectionSpec.DEFAULT_CONNECT_TIMEOUT_SECONDS + " s")
                    .containsEntry("Sync sync", "full_refresh")
                    .containsEntry("Write write", "upsert")
                    .containsEntry("Naming naming", "as_is")
                    .containsEntry("Deletes deletes", "none")
                    .containsEntry("Bad rows max_bad_rows, max_bad_ratio", "none: the first bad row fails the run (max_bad_rows: 0)")
                    .containsEntry("Tries of a stream after a retriable error", retry.attempts() + " in all, waiting "
                            + DurationText.of(retry.initialDelay()) + " then twice as long each time")
                    .containsEntry("Retries of a failed scheduled run retries", number(ScheduleConfig.DEFAULT_RETRIES))
                    .containsEntry("Wait before the first retry retry_backoff",
                            DurationText.of(ScheduleConfig.DEFAULT_RETRY_BACKOFF) + ", then twice as long each time")
                    .containsEntry("Cron time zone timezone", "UTC")
                    .containsEntry("Times missed while no server ran catch_up", "one")
                    .containsEntry("Due runs looked for every", DurationText.of(scheduler.pollingInterval()))
                    .containsEntry("Heartbeat of a running schedule", DurationText.of(scheduler.heartbeatInterval()))
                    .containsEntry("A node's run taken over after", DurationText.of(scheduler.deadAfter())
                            + " without a heartbeat (" + scheduler.missedHeartbeats() + " missed)")
                    .containsEntry("Scheduled runs at once on a node", number(scheduler.threads()));
            // What the constants say today, so that a change to one shows here as a change people will see.
            assertThat(facts).containsEntry("Rows per batch batch_size", "2,000")
                    .containsEntry("Tries of a stream after a retriable error", "4 in all, waiting 1.0 s then twice as long each time")
                    .containsEntry("Scheduled runs at once on a node", "10");
            assertThat(StreamConfig.DEFAULT_BAD_ROWS.quarantines()).isFalse();
        }
    }

    /** The form as the admin fills it for the GreenMail server, with {@code changes} over it. */
    private static Map<String, String> smtpForm(Map<String, String> changes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("host", "127.0.0.1");
        form.put("port", Integer.toString(MAIL.getSmtp().getPort()));
        form.put("security", "none");
        form.put("user", "ferry");
        form.put("password", "");
        form.put("from", "ferry@example.com");
        form.putAll(changes);
        return form;
    }

    /** The settings as {@code GET /api/settings/notifications} shows them to an admin. */
    private static JsonNode settings(TestServer server) {
        ApiClient.Response answer = server.as(Role.ADMIN).get("/api/settings/notifications");
        assertThat(answer.status()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The defaults section's facts: the label with its YAML key, and the value. */
    private static Map<String, String> defaults(String page) {
        int start = page.indexOf("id=\"defaults-title\"");
        assertThat(start).as("the page has a Pipeline defaults section").isPositive();
        String section = page.substring(start, page.indexOf("</section>", start));
        Matcher fact = Pattern.compile("<dt>(.*?)</dt><dd>(.*?)</dd>").matcher(section);
        Map<String, String> facts = new LinkedHashMap<>();
        while (fact.find()) {
            facts.put(fact.group(1).replaceAll("<[^>]+>", "").replace("&#39;", "'"), fact.group(2).replace("&#39;", "'"));
        }
        return facts;
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}

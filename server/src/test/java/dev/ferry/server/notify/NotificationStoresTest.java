package dev.ferry.server.notify;

import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored global settings and the delivery log on the server's real tables, on SQLite and PostgreSQL. */
class NotificationStoresTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private StateConfig store(String kind) {
        return kind.equals("sqlite") ? new StateConfig("jdbc:sqlite:" + folder.resolve("state.db"), null, null)
                : new StateConfig(TestPostgres.freshDatabase("ferry_notify"), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void settingsAreSavedReplacedAndReadBack(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            NotificationSettingsStore settings = new NotificationSettingsStore(new Sql(database), CLOCK);
            assertThat(settings.load()).isEqualTo(GlobalNotifications.NONE);
            assertThat(settings.saved()).isEmpty();

            GlobalNotifications first = new GlobalNotifications(
                    new SmtpServer("mail.example.com", 465, SmtpServer.Security.SSL, "ferry", "${env:SMTP_PASSWORD}", "f@example.com"),
                    List.of("ops@example.com"),
                    List.of(new GlobalNotifications.StoredWebhook("https://hooks.example.com/a", "${file:/run/secrets/hook}"),
                            new GlobalNotifications.StoredWebhook("https://hooks.example.com/b", null)));
            settings.save(first, "admin-1");
            assertThat(settings.load()).isEqualTo(first);

            GlobalNotifications second = new GlobalNotifications(null, List.of("a@example.com", "b@example.com"), List.of());
            settings.save(second, "admin-2");
            assertThat(settings.saved()).hasValueSatisfying(saved -> {
                assertThat(saved.settings()).isEqualTo(second);
                assertThat(saved.by()).isEqualTo("admin-2");
                assertThat(saved.at()).isEqualTo(CLOCK.instant());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deliveriesAreOpenedFinishedAndListedNewestFirst(String kind) {
        try (ServerDatabase database = ServerDatabase.open(store(kind))) {
            Deliveries deliveries = new Deliveries(new Sql(database), CLOCK);
            Notice failure = new Notice(Notice.Event.FAILURE, "p", 7, RunStatus.FAILED, "api:x", List.of("s"), "s: broken",
                    "http://h/api/runs/7", CLOCK.instant(), 7, 1);
            long mail = deliveries.open(failure, "email", "ops@example.com");
            long hook = deliveries.open(failure, "webhook", "https://hooks.example.com/…");
            long other = deliveries.open(new Notice(Notice.Event.RECOVERY, "q", 9, RunStatus.SUCCEEDED, "api:x", List.of(), null,
                    "http://h/api/runs/9", CLOCK.instant(), 8, 1), "email", "ops@example.com");
            assertThat(List.of(mail, hook, other)).doesNotHaveDuplicates();
            deliveries.finish(mail, true, 1, null);
            deliveries.finish(hook, false, 4, "the receiver answered HTTP 503");

            List<DeliveryView> views = deliveries.recent("p", 10);
            assertThat(views).extracting(DeliveryView::id).containsExactly(hook, mail);
            assertThat(views.get(0)).isEqualTo(new DeliveryView(hook, CLOCK.instant(), "p", 7, "failure", "webhook",
                    "https://hooks.example.com/…", "failed", 4, "the receiver answered HTTP 503", CLOCK.instant()));
            assertThat(views.get(1).status()).isEqualTo("sent");
            assertThat(deliveries.recent(null, 10)).hasSize(3).first().satisfies(view -> {
                assertThat(view.status()).isEqualTo("pending");
                assertThat(view.finishedAt()).isNull();
            });
            assertThat(deliveries.recent(null, 1)).hasSize(1);
        }
    }
}

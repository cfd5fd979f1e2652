package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.NotificationConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The server-only sections of a pipeline: {@code schedule:} and {@code notify:}. */
class ScheduleAndNotifyConfigTest {

    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            streams:
              - table: a
            """;

    @TempDir
    Path dir;

    @Test
    void aPipelineWithoutTheSectionsHasNoScheduleAndNoTargets() {
        PipelineConfig config = parse(HEAD, Map.of());

        assertThat(config.schedule()).isEqualTo(ScheduleConfig.NONE);
        assertThat(config.schedule().isTimed()).isFalse();
        assertThat(config.notifications().isEmpty()).isTrue();
    }

    @Test
    void readsACronScheduleInItsZoneWithRetriesAndCatchUp() {
        PipelineConfig config = parse(HEAD + """
                schedule:
                  cron: "15 */4 * * *"
                  timezone: Europe/Rome
                  after: [orders, customers]
                  retries: 5
                  retry_backoff: 2m
                  catch_up: all
                """, Map.of());

        ScheduleConfig schedule = config.schedule();
        assertThat(schedule.cron()).isEqualTo("15 */4 * * *");
        assertThat(schedule.timezone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(schedule.after()).containsExactly("orders", "customers");
        assertThat(schedule.retries()).isEqualTo(5);
        assertThat(schedule.retryBackoff()).isEqualTo(Duration.ofMinutes(2));
        assertThat(schedule.catchUp()).isEqualTo(ScheduleConfig.CatchUp.ALL);
        assertThat(schedule.every()).isNull();
    }

    @Test
    void anIntervalKeepsTheDefaultsOfRetriesAndCatchUp() {
        ScheduleConfig schedule = parse(HEAD + "schedule: {every: 15m}\n", Map.of()).schedule();

        assertThat(schedule.every()).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.retries()).isEqualTo(ScheduleConfig.DEFAULT_RETRIES);
        assertThat(schedule.retryBackoff()).isEqualTo(ScheduleConfig.DEFAULT_RETRY_BACKOFF);
        assertThat(schedule.catchUp()).isEqualTo(ScheduleConfig.CatchUp.ONE);
        assertThat(schedule.isTimed()).isTrue();
    }

    @Test
    void scheduleMistakesAreLocated() {
        ConfigException error = failure(HEAD + """
                schedule:
                  every: 15m
                  cron: "15 */4 * *"
                  timezone: Europe/Roma
                  catch_up: some
                  retrys: 2
                """);

        assertThat(error.problems()).extracting(ConfigProblem::line, ConfigProblem::field).contains(
                org.assertj.core.groups.Tuple.tuple(10, "schedule.cron"),
                org.assertj.core.groups.Tuple.tuple(11, "schedule.timezone"),
                org.assertj.core.groups.Tuple.tuple(12, "schedule.catch_up"),
                org.assertj.core.groups.Tuple.tuple(13, "schedule.retrys"));
        assertThat(error.getMessage())
                .contains("either every or cron, not both")
                .contains("'Europe/Roma' is not a time zone")
                .contains("must be one of none, one, all")
                .contains("did you mean 'retries'?");
    }

    @Test
    void readsMailAndWebhookTargetsWithASecretFromTheEnvironment() {
        NotificationConfig notify = parse(HEAD + """
                notify:
                  email: [ops@example.com, data@example.com]
                  webhooks:
                    - url: https://hooks.example.com/ferry
                      secret: ${env:HOOK_KEY}
                    - http://127.0.0.1:9000/plain
                """, Map.of("HOOK_KEY", "k3y-value")).notifications();

        assertThat(notify.emails()).containsExactly("ops@example.com", "data@example.com");
        assertThat(notify.webhooks()).hasSize(2);
        assertThat(notify.webhooks().get(0).url()).isEqualTo("https://hooks.example.com/ferry");
        assertThat(notify.webhooks().get(0).secret().reveal()).isEqualTo("k3y-value");
        assertThat(notify.webhooks().get(1).secret()).isNull();
    }

    @Test
    void aWrittenSigningKeyAndABadAddressAreRefusedWithoutQuotingTheKey() {
        ConfigException error = failure(HEAD + """
                notify:
                  email: ops-at-example
                  webhooks:
                    - url: ftp://example.com/x
                      secret: plain-signing-key
                """);

        assertThat(error.problems()).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "notify.email", "notify.webhooks[0].url", "notify.webhooks[0].secret");
        assertThat(error.getMessage()).doesNotContain("plain-signing-key")
                .contains("'ops-at-example' is not an email address")
                .contains("must be an http:// or https:// URL");
    }

    private PipelineConfig parse(String yaml, Map<String, String> environment) {
        return PipelineLoader.parse(yaml, Path.of("api:p"), dir, environment);
    }

    private ConfigException failure(String yaml) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(yaml, Map.of()));
        assertThat(error).as("expected problems").isNotNull();
        return error;
    }
}

package dev.ferry.cli.e2e;

import dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OAuth connection whose provider rotates refresh tokens (each usable once, as GoHighLevel's
 * fake does), read by {@code ferry run} in one process after another: each run uses the refresh
 * token the last one saved, sealed in the state store, so none is refused; without what was saved,
 * the connection's first token is refused as spent, and the run says the authorization must be
 * renewed.
 */
class RotatedRefreshTokenEndToEndTest {
    @TempDir
    Path dir;
    private FakeGoHighLevel fake;
    private Path pipeline;

    @BeforeEach
    void start() throws Exception {
        fake = FakeGoHighLevel.start();
        for (int i = 1; i <= 5; i++) {
            fake.addContact(fake.locationId(), Map.of("firstName", "Paziente" + i, "email", "p" + i + "@example.it"));
        }
        Files.writeString(dir.resolve("client.secret"), fake.clientSecret());
        Files.writeString(dir.resolve("refresh.token"), fake.refreshToken());
        Files.writeString(dir.resolve("crm.yaml"), """
                provider: crm-oauth
                settings:
                  client_id: {required: true}
                  client_secret: {required: true, secret: true}
                  refresh_token: {required: true, secret: true}
                  location_id: {required: true}
                auth:
                  type: oauth2
                  token_url: /oauth/token
                  grant: refresh_token
                  client_id: "{{config.client_id}}"
                  client_secret: "{{config.client_secret}}"
                  refresh_token: "{{config.refresh_token}}"
                streams:
                  contacts:
                    method: POST
                    path: /contacts/search
                    headers: {Version: "2021-07-28"}
                    body: {locationId: "{{config.location_id}}", pageLimit: 100}
                    records: /contacts
                    key: id
                    fields: {id: text, email: text}
                """);
        pipeline = Files.writeString(dir.resolve("pipeline.yml"), """
                pipeline: crm-contacts
                connections:
                  crm:
                    url: "%s"
                    type: http
                    properties:
                      definition: crm.yaml
                      client_id: "%s"
                      client_secret: "${file:client.secret}"
                      refresh_token: "${file:refresh.token}"
                      location_id: "%s"
                  copy: {url: "jdbc:sqlite:copy.db"}
                source: crm
                destination: copy
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - {table: contacts, sync: full_refresh}
                """.formatted(fake.baseUrl(), fake.clientId(), fake.locationId()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void eachProcessStartsFromTheRefreshTokenTheLastOneSavedSealed() throws Exception {
        for (int run = 1; run <= 3; run++) {
            Path log = dir.resolve("run-" + run + ".log");
            Process ferry = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
            assertThat(ferry.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(ferry.exitValue()).as("run %d: %s", run, ChildFerry.logText(log)).isZero();
            assertThat(count("jdbc:sqlite:" + dir.resolve("copy.db"), "SELECT count(*) FROM contacts")).isEqualTo(5);
        }
        assertThat(fake.requests().stream().filter(request -> request.path().equals("/oauth/token"))).hasSize(3);
        String sealed = text("jdbc:sqlite:" + dir.resolve("state.db"), "SELECT sealed FROM ferry_credential WHERE name = 'refresh_token'");
        assertThat(sealed).isNotBlank().doesNotContain(fake.refreshToken());
        assertThat(Files.exists(dir.resolve(".ferry/secrets.keyset.json"))).as("the keyset made at first use").isTrue();

        // Without what was saved, the connection's own token is spent: the run is refused and says why.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM ferry_credential");
        }
        Path log = dir.resolve("run-forgotten.log");
        Process ferry = ChildFerry.start(dir, log, Map.of(), "run", pipeline.toString());
        assertThat(ferry.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(ferry.exitValue()).isNotZero();
        assertThat(ChildFerry.logText(log)).contains("refused the connection's refresh token").contains("renew it")
                .doesNotContain(fake.refreshToken());
    }

    @Test
    void anAuthorizationCodeIsExchangedOnceAndTheRefreshTokensThatFollowAreKept() throws Exception {
        Files.writeString(dir.resolve("install.code"), fake.issueAuthorizationCode(fake.locationId()));
        Path ghl = Files.writeString(dir.resolve("ghl.yml"), """
                pipeline: ghl-contacts
                connections:
                  ghl:
                    url: "%s"
                    type: gohighlevel
                    properties:
                      client_id: "%s"
                      client_secret: "${file:client.secret}"
                      code: "${file:install.code}"
                      token_url: "%s/oauth/token"
                      location_id: "%s"
                  copy: {url: "jdbc:sqlite:ghl-copy.db"}
                source: ghl
                destination: copy
                state: {url: "jdbc:sqlite:state.db"}
                streams:
                  - {table: contacts, sync: full_refresh}
                """.formatted(fake.baseUrl(), fake.clientId(), fake.baseUrl(), fake.locationId()));
        for (int run = 1; run <= 3; run++) {
            Path log = dir.resolve("ghl-run-" + run + ".log");
            Process ferry = ChildFerry.start(dir, log, Map.of(), "run", ghl.toString());
            assertThat(ferry.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(ferry.exitValue()).as("run %d: %s", run, ChildFerry.logText(log)).isZero();
            assertThat(count("jdbc:sqlite:" + dir.resolve("ghl-copy.db"), "SELECT count(*) FROM contacts")).isEqualTo(5);
        }
        assertThat(fake.requests().stream().filter(request -> request.path().equals("/oauth/token"))
                .map(request -> request.body().replaceAll(".*grant_type=([a-z_]+).*", "$1")))
                .containsExactly("authorization_code", "refresh_token", "refresh_token");
    }

    private static long count(String url, String sql) throws Exception {
        return Long.parseLong(text(url, sql));
    }

    private static String text(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}

package dev.ferry.server.ui.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.ApiClient;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.SessionService;
import dev.ferry.server.ui.auth.UiSession;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard's defences in a real browser: CSRF tokens, no secrets in pages, the cookie's flags, ended sessions. */
class SecurityBrowserTest extends BrowserTest {
    /** Enough to reach every page there is without wandering through every page of a long list. */
    private static final int MOST_PAGES = 60;

    @Test
    void aFormSentWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        signInAs(Role.OPERATOR);
        RequestOptions noToken = RequestOptions.create().setForm(FormData.create().set("back", "/")).setMaxRedirects(0);
        APIResponse refused = context.request().post(UiPaths.pipelineAction(PIPELINE, "pause"), noToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("security token is missing or out of date");
        RequestOptions wrongToken = RequestOptions.create()
                .setForm(FormData.create().set("back", "/").set(UiPaths.CSRF_FIELD, "not-the-token")).setMaxRedirects(0);
        assertThat(context.request().post(UiPaths.pipelineAction(PIPELINE, "pause"), wrongToken).status()).isEqualTo(403);
        assertThat(paused()).isFalse();

        // The same in the page: the form loses its hidden token field, then its button is pressed.
        Locator pauseForm = page.locator("form").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause: " + PIPELINE))));
        pauseForm.locator("input[name=" + UiPaths.CSRF_FIELD + "]").evaluate("input => input.remove()");
        Response answer = page.waitForResponse(response -> response.request().method().equals("POST"),
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause: " + PIPELINE)).click());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("security token is missing or out of date");
        assertThat(paused()).as("the refused form changed nothing").isFalse();

        // With its token, the same form works: it was the token that was missing.
        open(UiPaths.OVERVIEW);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause: " + PIPELINE)).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume: " + PIPELINE))).isVisible();
        assertThat(paused()).isTrue();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume: " + PIPELINE)).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause: " + PIPELINE))).isVisible();
        assertThat(paused()).isFalse();
    }

    @Test
    void noPageShowsAStoredPasswordOrTheSessionCookie() throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-never-shown";
        Path source = folder.resolve("erp.db");
        SqlitePipelines.sourceWithItems(source, 10);
        ApiClient admin = server.as(Role.ADMIN);
        ApiClient.Response connection = admin.put("/api/connections/erp",
                "{\"url\": \"jdbc:sqlite:" + source + "\", \"user\": \"app\", \"password\": \"" + password + "\"}");
        assertThat(connection.status()).as(connection.toString()).isEqualTo(201);
        String yaml = """
                pipeline: erp-copy
                connections:
                  dst: {url: "jdbc:sqlite:%s"}
                source: erp
                destination: dst
                streams: [{table: items}]
                """.formatted(folder.resolve("erp-copy.db"));
        HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.server().url() + "/api/pipelines/erp-copy"))
                .header("Authorization", "Bearer " + server.token(Role.ADMIN)).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        long runId = admin.post("/api/pipelines/erp-copy/runs", "{}").json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.server().parts().history().run(runId),
                run -> run.isPresent() && run.get().status() != RunStatus.RUNNING);
        assertThat(server.server().parts().history().run(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);

        signInAs(Role.ADMIN);
        String cookie = sessionCookie().orElseThrow().value;
        List<String> leaks = new ArrayList<>();
        List<String> visited = visitEveryPage(List.of(UiPaths.OVERVIEW, UiPaths.OVERVIEW_TABLE, UiPaths.pipeline("erp-copy"),
                UiPaths.pipeline(PIPELINE), UiPaths.run(runId), UiPaths.LOGS, UiPaths.CONNECTIONS, UiPaths.CONNECTIONS + "/erp",
                UiPaths.SCHEDULES, UiPaths.SETTINGS, UiPaths.STATUS), MOST_PAGES, path -> {
            // As served (what a proxy or cache would keep), and as the browser holds it after its scripts ran.
            for (String html : List.of(context.request().get(path).text(), page.content())) {
                if (html.contains(password)) {
                    leaks.add(path + " shows the connection's password");
                }
                if (html.contains(cookie)) {
                    leaks.add(path + " shows the session cookie's value");
                }
            }
        });
        assertThat(visited).as("the pages looked at").contains(UiPaths.OVERVIEW, UiPaths.pipeline("erp-copy"));
        assertThat(leaks).as("secrets in the pages " + visited).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndHiddenFromScripts() {
        signInAs(Role.VIEWER);
        Cookie cookie = sessionCookie().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(cookie.secure).as("plain http here: a Secure cookie would never come back").isFalse();
        assertThat(cookie.path).isEqualTo("/");
        assertThat(Instant.ofEpochSecond(cookie.expires.longValue())).isBetween(
                Instant.now().plus(SessionService.IDLE).minusSeconds(120), Instant.now().plus(SessionService.IDLE).plusSeconds(5));
        assertThat((String) page.evaluate("() => document.cookie")).doesNotContain(cookie.value);
    }

    @Test
    void anHtmxRequestAfterTheSessionEndedReloadsThePageIntoTheSignIn() {
        String viewer = signInAs(Role.VIEWER);
        new SessionService(server.server().parts().sql(), Clock.systemUTC()).endAllOf(viewer, UiSession.Kind.USER);
        // The overview polls its table; the next poll finds no session.
        Response poll = page.waitForResponse(response -> response.url().endsWith(UiPaths.OVERVIEW_TABLE), () -> {
        });
        assertThat(poll.status()).isEqualTo(401);
        assertThat(poll.headerValue("HX-Refresh")).isEqualTo("true");
        waitForPath(UiPaths.SIGN_IN);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Ferry"))).isVisible();
    }

    private boolean paused() {
        return server.server().parts().pipelines().find(PIPELINE).orElseThrow().paused();
    }
}

package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * axe-core on the dashboard's pages as people see them: no serious or critical violation. The page's
 * strict CSP must refuse nothing either (an inline style or script would show as a console error).
 */
class AccessibilityBrowserTest extends BrowserTest {

    @Test
    void theSignInPageWithAndWithoutAnError() {
        open(UiPaths.SIGN_IN);
        page.getByText("Sign in with an API token").click();
        assertAccessible();
        signIn("nobody", "not the password at all");
        assertThat(page.getByRole(AriaRole.ALERT)).isVisible();
        assertAccessible();
        assertThat(consoleErrorsOtherThanRefusedSignIns()).isEmpty();
    }

    @Test
    void theOverviewForAnOperatorWithARunAndForAViewer() {
        long runId = server.as(Role.OPERATOR).post("/api/pipelines/" + PIPELINE + "/runs", "{}").json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.server().parts().history().run(runId),
                run -> run.isPresent() && run.get().status() != RunStatus.RUNNING);
        signInAs(Role.OPERATOR);
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("succeeded"))).isVisible();
        assertAccessible();
        page.setViewportSize(390, 844);
        screenshot("overview-phone");
        assertAccessible();
        assertThat(consoleErrors()).isEmpty();

        context.clearCookies();
        signInAs(Role.VIEWER);
        assertAccessible();
        assertThat(consoleErrors()).isEmpty();
    }

    /**
     * Every page an admin can reach from the overview, with a pipeline that has run and a stored
     * connection, so that the pages have something to show.
     */
    @Test
    void everyPageReachableFromTheOverview() {
        assertThat(server.as(Role.ADMIN).put("/api/connections/warehouse",
                "{\"url\": \"jdbc:sqlite:" + folder.resolve("warehouse.db") + "\", \"password\": \"not shown anywhere\"}")
                .status()).isEqualTo(201);
        long runId = server.as(Role.OPERATOR).post("/api/pipelines/" + PIPELINE + "/runs", "{}").json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.server().parts().history().run(runId),
                run -> run.isPresent() && run.get().status() != RunStatus.RUNNING);
        signInAs(Role.ADMIN);
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> visited = visitEveryPage(List.of(UiPaths.OVERVIEW, UiPaths.pipeline(PIPELINE),
                UiPaths.run(runId), UiPaths.LOGS, UiPaths.CONNECTIONS, UiPaths.SCHEDULES, UiPaths.SETTINGS, UiPaths.STATUS),
                40, path -> {
                    try {
                        assertAccessible();
                    } catch (AssertionError violations) {
                        failures.put(path, violations.getMessage());
                    }
                });
        assertThat(visited).contains(UiPaths.OVERVIEW);
        assertThat(failures).as("pages with serious or critical violations, of " + visited).isEmpty();
        assertThat(consoleErrorsOtherThanMissingPages()).isEmpty();
    }

    @Test
    void theErrorPage() {
        signInAs(Role.VIEWER);
        assertThat(open("/no-such-page")).isEqualTo(404);
        assertAccessible();
    }

    @Test
    void theCheckItselfFindsAnUnlabelledFieldAndTooLittleContrastNamingThem() {
        Axe.assumeInstalled();
        page.setContent("<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title></head><body><main>"
                + "<input id=\"nameless\"><p style=\"color:#bbb;background:#fff\">faint</p></main></body></html>");
        assertThatThrownBy(this::assertAccessible).isInstanceOf(AssertionError.class)
                .hasMessageContaining("critical label").hasMessageContaining("#nameless")
                .hasMessageContaining("serious color-contrast");
    }

    /** Pages not built yet answer 404, which the browser notes in its console. */
    private List<String> consoleErrorsOtherThanMissingPages() {
        return consoleErrors().stream().filter(error -> !error.contains("404")).toList();
    }

    /** A refused sign-in answers 401, which the browser notes in its console; anything else is a fault. */
    private List<String> consoleErrorsOtherThanRefusedSignIns() {
        return consoleErrors().stream().filter(error -> !error.contains("401")).toList();
    }
}

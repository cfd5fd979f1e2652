package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Team 3's whole day in one browser session, as a person clicks it: sign in; create the source and
 * destination connections; discover the source's tables; build a pipeline from them with a renamed
 * table and a preview of its rows; Sync now and watch the live log to its end; find the run in Logs
 * by filter; change the pipeline's schedule; see the audit entries; sign out.
 */
class JourneyBrowserTest extends BrowserTest {
    private static final Pattern RUN_PATH = Pattern.compile("/runs/(\\d+)");

    @Test
    void fromConnectionsToAScheduledPipelineAndItsFirstRun() {
        String admin = signInAs(Role.ADMIN);
        Path mirror = folder.resolve("journey-mirror.db");

        createConnection("shop", "jdbc:sqlite:" + folder.resolve("source.db"));
        createConnection("mirror", "jdbc:sqlite:" + mirror);

        open(UiPaths.CONNECTIONS);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Discover: shop")).click();
        // the discovery lands in the shop connection's own result area, beside its buttons
        assertThat(page.locator(".result", new Page.LocatorOptions().setHasText("items"))).hasCount(1);

        open(UiPaths.WIZARD);
        page.getByLabel("Pipeline name").fill("journey");
        page.getByLabel("Source connection").selectOption("shop");
        page.getByLabel("Destination connection").selectOption("mirror");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Discover tables")).click();
        Locator destinationName = page.getByLabel("Destination table for items");
        assertThat(destinationName).isVisible();
        destinationName.fill("goods");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview items")).click();
        Locator preview = page.locator("#preview table tbody tr");
        assertThat(preview).hasCount(10);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create pipeline")).click();
        waitForPath(UiPaths.pipeline("journey"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("journey");
        assertThat(page.locator("main")).containsText("goods");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now").setExact(true)).click();
        page.waitForURL(url -> RUN_PATH.matcher(URI.create(url).getPath()).matches());
        Matcher runPath = RUN_PATH.matcher(currentPath());
        assertThat(runPath.matches()).isTrue();
        long runId = Long.parseLong(runPath.group(1));
        // the live log, polled by the page, reaches the run's last line without a reload
        assertThat(page.locator("main")).containsText("run " + runId + " succeeded in",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        RunRecord run = await().atMost(Duration.ofSeconds(30)).until(
                () -> server.server().parts().history().run(runId),
                found -> found.isPresent() && found.get().status() != RunStatus.RUNNING).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.streams().getFirst().written()).isEqualTo(ITEMS);
        assertThat(SqlitePipelines.count(mirror, "goods")).isEqualTo(ITEMS);

        open(UiPaths.LOGS);
        page.getByLabel("Pipeline", new Page.GetByLabelOptions().setExact(true)).fill("journey");
        page.getByLabel("Status").selectOption("succeeded");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        page.waitForURL(url -> url.contains("pipeline=journey"));
        assertThat(page.locator("a[href='" + UiPaths.run(runId) + "']").first()).isVisible();

        open(UiPaths.pipeline("journey"));
        Locator yaml = page.getByLabel("Pipeline YAML");
        String text = yaml.inputValue();
        String scheduled = text.contains("schedule:") ? text.replaceAll("(?m)^schedule:\\n(  .*\\n)*", "")
                : text;
        yaml.fill(scheduled + (scheduled.endsWith("\n") ? "" : "\n") + "schedule:\n  every: 2h\n");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        waitForPath(UiPaths.pipeline("journey"));
        open(UiPaths.SCHEDULES);
        Locator scheduleRow = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("journey"));
        assertThat(scheduleRow.first()).containsText("2h");

        open(UiPaths.STATUS);
        Locator audit = page.locator("#audit");
        assertThat(audit).containsText("ui:" + admin);
        assertThat(audit).containsText("pipeline.run");
        assertThat(audit).containsText("connection.");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        waitForPath(UiPaths.SIGN_IN);
        assertThat(open(UiPaths.OVERVIEW)).isEqualTo(200);
        assertThat(currentPath()).isEqualTo(UiPaths.SIGN_IN);
    }

    private void createConnection(String name, String url) {
        open(UiPaths.CONNECTION_NEW);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("URL", new Page.GetByLabelOptions().setExact(true)).fill(url);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
        page.waitForURL(current -> !URI.create(current).getPath().equals(UiPaths.CONNECTION_NEW));
        assertThat(page.locator("main")).containsText(name);
    }
}

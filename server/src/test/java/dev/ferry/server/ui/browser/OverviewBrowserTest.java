package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The overview's buttons by role: a viewer sees none; an operator's Sync now runs the real pipeline and goes to the run. */
class OverviewBrowserTest extends BrowserTest {
    private static final Pattern RUN_PATH = Pattern.compile("/runs/(\\d+)");

    @Test
    void aViewerSeesThePipelineButNoSyncNowNorPause() {
        signInAs(Role.VIEWER);
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(PIPELINE));
        assertThat(row).hasCount(1);
        assertThat(row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(PIPELINE))).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Sync now"))))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Pause|Resume"))))
                .hasCount(0);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))).isVisible();
    }

    @Test
    void anOperatorsSyncNowRunsThePipelineAndGoesToTheRunsPage() {
        String operator = signInAs(Role.OPERATOR);
        Locator syncNow = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now: " + PIPELINE));
        assertThat(syncNow).isEnabled();
        syncNow.click();
        page.waitForURL(url -> RUN_PATH.matcher(URI.create(url).getPath()).matches());
        Matcher path = RUN_PATH.matcher(currentPath());
        assertThat(path.matches()).isTrue();
        long runId = Long.parseLong(path.group(1));

        RunRecord run = await().atMost(Duration.ofSeconds(60)).until(
                () -> server.server().parts().history().run(runId),
                found -> found.isPresent() && found.get().status() != RunStatus.RUNNING).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.pipeline()).isEqualTo(PIPELINE);
        assertThat(run.trigger()).isEqualTo("ui:" + operator);
        assertThat(run.streams().getFirst().read()).isEqualTo(ITEMS);
        assertThat(SqlitePipelines.count(destination, "items")).isEqualTo(ITEMS);
        assertThat(server.server().parts().audit().recent(50, 0)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("pipeline.run");
            assertThat(entry.actor()).isEqualTo("ui:" + operator);
            assertThat(entry.target()).isEqualTo(PIPELINE);
            assertThat(entry.outcome()).isEqualTo("ok");
            assertThat(entry.detail()).isEqualTo("run " + runId);
        });

        open("/");
        Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(PIPELINE));
        assertThat(row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("succeeded"))).isVisible();
        assertThat(row).containsText(Integer.toString(ITEMS));
        Optional<String> href = Optional.ofNullable(row.getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("succeeded")).getAttribute("href"));
        assertThat(href).contains("/runs/" + runId);
    }
}

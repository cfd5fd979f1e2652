package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.server.GatedPostgresSource;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's page follows the run as it goes, by its event stream: counts and new log lines appear
 * without a reload, each line once, and the page settles on the final state. The source is held at a
 * known row by a gate, so the page is seen while the run goes, whatever the machine's speed.
 */
class LiveRunBrowserTest extends BrowserTest {
    private static final String GATED = "gated-items";
    private static final LocatorAssertions.ContainsTextOptions LONG_WAIT =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);
    private GatedPostgresSource source;

    @Override
    protected ServerSettings customise(ServerSettings settings) {
        source = new GatedPostgresSource(60, 0);
        source.pipeline(settings.pipelinesFolder(), GATED);
        return settings;
    }

    @AfterAll
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void theRunPageShowsProgressAndNewLogLinesAsTheyComeAndSettlesOnTheEnd() {
        signInAs(Role.OPERATOR);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now: " + GATED)).click();
        page.waitForURL(url -> URI.create(url).getPath().matches("/runs/\\d+"));
        long runId = Long.parseLong(currentPath().substring("/runs/".length()));
        Locator status = page.locator("#run-live .facts .badge");
        assertThat(status).hasText("running");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel run"))).isVisible();

        source.allow(25);
        Locator itemsRow = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("items"));
        assertThat(itemsRow.locator("td[data-label=Read]")).hasText(java.util.regex.Pattern.compile("^2\\d$"),
                new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(status).hasText("running");
        assertThat(page.locator("#run-live .facts div").filter(new Locator.FilterOptions().setHasText("Rows read")))
                .containsText(itemsRow.locator("td[data-label=Read]").textContent());
        screenshot("run-live");

        source.open();
        assertThat(status).hasText("succeeded", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        Locator log = page.locator("#run-log");
        assertThat(log).containsText("done: 60 read", LONG_WAIT);
        assertThat(itemsRow.locator("td[data-label=Written]")).hasText("60");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel run"))).hasCount(0);

        // Every line the run wrote is on the page once, in order, and shown in the browser's zone.
        java.util.List<String> stored = server.server().parts().history().runLog(runId).stream()
                .map(dev.ferry.engine.state.LogLine::message).toList();
        java.util.List<String> shown = log.locator("li .message").allTextContents();
        assertThat(shown).containsExactlyElementsOf(stored);
        assertThat(log.locator("time:not([data-local])")).hasCount(0);
        assertThat(page.locator("#run-live time:not([data-local])")).hasCount(0);
        assertThat(consoleErrors()).isEmpty();
        assertAccessible();
    }
}

package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Logs filter in a browser whose zone is Europe/Amsterdam (one hour ahead of UTC in January): its
 * script sends that zone, so a day means the browser's day, as the times on the page do.
 */
class LogsZoneBrowserTest extends BrowserTest {

    @Test
    void theDaysOfTheFilterAreTheBrowsersDays() {
        long tenthEarly = runStartedAt(Instant.parse("2026-01-09T23:30:00Z"));  // 10 Jan 00:30 in Amsterdam
        long tenthLate = runStartedAt(Instant.parse("2026-01-10T22:30:00Z"));   // 10 Jan 23:30 in Amsterdam
        long eleventhEarly = runStartedAt(Instant.parse("2026-01-10T23:30:00Z")); // 11 Jan 00:30 in Amsterdam
        signInAs(Role.VIEWER);
        open(UiPaths.LOGS);
        assertThat(page.locator("#f-zone")).hasValue("Europe/Amsterdam");
        assertThat(page.locator("#f-zone-hint")).containsText("Days run from midnight to midnight in Europe/Amsterdam");

        page.getByLabel("Started from").fill("2026-01-10");
        page.getByLabel(Pattern.compile("^to \\(day in")).fill("2026-01-10");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        page.waitForURL(url -> url.contains("zone=Europe%2FAmsterdam"));
        Locator runs = page.locator("table.runs tbody th[scope=row] a");
        assertThat(runs).hasText(new String[] {"#" + tenthLate, "#" + tenthEarly});
        assertThat(page.locator("a[href='" + UiPaths.run(eleventhEarly) + "']")).hasCount(0);
        assertAccessible();
        assertThat(consoleErrors()).isEmpty();
    }

    private long runStartedAt(Instant start) {
        StateStore history = server.server().parts().history();
        long id = history.startRun("nightly", "schedule");
        history.finishRun(id, RunStatus.SUCCEEDED, null);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("state.db"));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ferry_run SET started_at = ?, ended_at = ? WHERE id = ?")) {
            update.setLong(1, start.toEpochMilli());
            update.setLong(2, start.toEpochMilli() + 1000);
            update.setLong(3, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}

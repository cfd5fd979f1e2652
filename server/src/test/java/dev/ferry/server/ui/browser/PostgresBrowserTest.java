package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.engine.state.RunRecord;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard on a server whose state store is PostgreSQL, syncing a PostgreSQL pipeline. */
class PostgresBrowserTest extends BrowserTest {
    private PostgresPipeline pipeline;

    @Override
    protected boolean stateInPostgres() {
        return true;
    }

    @Override
    protected ServerSettings customise(ServerSettings settings) {
        pipeline = PostgresPipeline.create(settings.pipelinesFolder(), "pg-items", 300);
        return settings;
    }

    @Test
    void anOperatorSignsInSyncsAPostgresPipelineAndSignsOut() {
        String operator = signInAs(Role.OPERATOR);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now: " + pipeline.name())).click();
        page.waitForURL(url -> URI.create(url).getPath().matches("/runs/\\d+"));
        long runId = Long.parseLong(currentPath().substring("/runs/".length()));
        RunRecord run = await().atMost(Duration.ofSeconds(60)).until(() -> server.server().parts().history().run(runId),
                found -> found.isPresent() && found.get().status() != RunStatus.RUNNING).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo("ui:" + operator);
        assertThat(pipeline.destinationRows()).isEqualTo(300);

        open(UiPaths.OVERVIEW);
        assertThat(page.getByRole(AriaRole.ROW).filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText(pipeline.name()))).containsText("300");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        waitForPath(UiPaths.SIGN_IN);
        assertThat(sessionCookie()).isEmpty();
    }
}

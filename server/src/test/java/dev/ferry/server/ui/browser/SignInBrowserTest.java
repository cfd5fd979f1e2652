package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.server.audit.AuditEntry;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out in a real browser: with a user, with an API token, and with a wrong password. */
class SignInBrowserTest extends BrowserTest {

    @Test
    void aUserSignsInLandsOnTheOverviewAndSignsOut() {
        String name = createUser(Role.OPERATOR);
        open(UiPaths.OVERVIEW);
        assertThat(currentPath()).as("signed out, the overview sends to the sign-in page").isEqualTo(UiPaths.SIGN_IN);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in to Ferry"))).isVisible();

        signIn(name, PASSWORD);
        waitForPath(UiPaths.OVERVIEW);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Pipelines"))).isVisible();
        assertThat(page.getByRole(AriaRole.BANNER)).containsText(name);
        assertThat(page.getByRole(AriaRole.BANNER)).containsText("operator");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(PIPELINE))).isVisible();
        assertThat(sessionCookie()).isPresent();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        waitForPath(UiPaths.SIGN_IN);
        assertThat(sessionCookie()).as("signing out removes the cookie").isEmpty();
        open(UiPaths.OVERVIEW);
        assertThat(currentPath()).as("after signing out the overview needs a sign-in again").isEqualTo(UiPaths.SIGN_IN);

        List<AuditEntry> audit = server.server().parts().audit().recent(50, 0);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("ui.sign_in");
            assertThat(entry.actor()).isEqualTo("ui:" + name);
            assertThat(entry.outcome()).isEqualTo("ok");
        });
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("ui.sign_out");
            assertThat(entry.actor()).isEqualTo("ui:" + name);
        });
    }

    @Test
    void anApiTokenSignsInWithItsRole() {
        open(UiPaths.SIGN_IN);
        page.getByText("Sign in with an API token").click();
        page.getByLabel("API token").fill(server.token(Role.VIEWER));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with token")).click();
        waitForPath(UiPaths.OVERVIEW);
        assertThat(page.getByRole(AriaRole.BANNER)).containsText("test-viewer");
        assertThat(page.getByRole(AriaRole.BANNER)).containsText("viewer");
        assertThat(server.server().parts().audit().recent(50, 0)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("ui.sign_in");
            assertThat(entry.actor()).isEqualTo("ui-token:test-viewer");
            assertThat(entry.detail()).isEqualTo("token");
        });
    }

    @Test
    void aWrongPasswordIsRefusedSayingSoKeepingTheNameAndIsAudited() {
        String name = createUser(Role.ADMIN);
        signIn(name, PASSWORD + " but wrong");
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong name or password.");
        assertThat(currentPath()).isEqualTo(UiPaths.SIGN_IN);
        assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name"))).hasValue(name);
        assertThat(page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))).isEmpty();
        assertThat(sessionCookie()).isEmpty();
        assertThat(server.server().parts().audit().recent(50, 0)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("ui.sign_in");
            assertThat(entry.target()).isEqualTo(name);
            assertThat(entry.outcome()).isEqualTo("refused");
            assertThat(entry.detail()).isEqualTo("wrong name or password");
        });
        assertThat(server.server().parts().audit().recent(50, 0)).noneSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("ui:" + name);
            assertThat(entry.outcome()).isEqualTo("ok");
        });
    }

}

package dev.ferry.server.ui.browser;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin gives the mail server in Settings, by its labels, and the test notice button sends through
 * it to a real SMTP server (GreenMail) that wants the password the reference points at.
 */
class SettingsMailBrowserTest extends BrowserTest {
    private static final String SMTP_PASSWORD = "smtp-pass-0e8d5a3f61";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ferry", SMTP_PASSWORD));

    @Override
    protected ServerSettings customise(ServerSettings settings) {
        return settings.withEnvironment(Map.of("SMTP_PASSWORD", SMTP_PASSWORD));
    }

    @Test
    void anAdminGivesTheMailServerAndTheTestNoticeArrives() throws Exception {
        signInAs(Role.ADMIN);
        open(UiPaths.SETTINGS);
        page.getByLabel("Email every pipeline's notices to").fill("ops@example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save notifications")).click();
        waitForPath(UiPaths.SETTINGS);

        page.getByLabel("Host", new Page.GetByLabelOptions().setExact(true)).fill("127.0.0.1");
        page.getByLabel("Port", new Page.GetByLabelOptions().setExact(true)).fill("not a port");
        page.getByLabel("Security", new Page.GetByLabelOptions().setExact(true)).selectOption("none");
        page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill("ferry");
        page.getByLabel("Password reference").fill("${env:SMTP_PASSWORD}");
        page.getByLabel("From", new Page.GetByLabelOptions().setExact(true)).fill("ferry@example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save mail server")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("smtp.port");
        assertThat(page.getByLabel("Port", new Page.GetByLabelOptions().setExact(true))).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("Password reference")).hasValue("");
        assertAccessible();

        page.getByLabel("Port", new Page.GetByLabelOptions().setExact(true)).fill(Integer.toString(MAIL.getSmtp().getPort()));
        page.getByLabel("Password reference").fill("${env:SMTP_PASSWORD}");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save mail server")).click();
        assertThat(page.getByText("A password is set: leave this blank to keep it.")).isVisible();
        assertThat(page.getByRole(AriaRole.ALERT)).hasCount(0);
        assertThat(page.getByLabel("Password reference")).hasValue("");
        assertThat(page.content()).doesNotContain(SMTP_PASSWORD).doesNotContain("SMTP_PASSWORD");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test notice")).click();
        assertThat(page.locator("#test-result")).containsText("delivered");
        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("ferry@example.com");
        assertAccessible();
        // The one error is the refused form's own answer, a 400 the browser reports; no script failed.
        assertThat(consoleErrors()).containsExactly("Failed to load resource: the server responded with a status of 400 (Bad Request)");
    }
}

package dev.ferry.server.ui.browser;

import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard without a mouse: signing in, the skip link, and Sync now, by Tab and Enter alone. */
class KeyboardBrowserTest extends BrowserTest {

    @Test
    void signInAndSyncNowByKeyboardAlone() {
        String name = createUser(Role.OPERATOR);
        open(UiPaths.SIGN_IN);
        List<String> seen = new ArrayList<>();
        tabTo("name", seen);
        page.keyboard().type(name);
        tabTo("password", seen);
        page.keyboard().type(PASSWORD);
        page.keyboard().press("Enter");
        waitForPath(UiPaths.OVERVIEW);

        page.keyboard().press("Tab");
        assertThat(focused()).as("the first stop is the skip link").isEqualTo("Skip to content");
        page.keyboard().press("Enter");
        assertThat(URI.create(page.url()).getFragment()).isEqualTo("main");

        tabTo("Sync now: " + PIPELINE, seen);
        page.keyboard().press("Enter");
        page.waitForURL(url -> URI.create(url).getPath().startsWith("/runs/"));
        assertThat(currentPath()).matches("/runs/\\d+");
    }

    /** Presses Tab until the focused element's id, name or accessible label is {@code target}; fails after 60 stops. */
    private void tabTo(String target, List<String> seen) {
        for (int i = 0; i < 60; i++) {
            page.keyboard().press("Tab");
            String now = focused();
            seen.add(now);
            if (target.equals(now)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + target + "; the focus went through " + seen);
    }

    /** The focused element's aria-label, else its id, else its text. */
    private String focused() {
        return (String) page.evaluate("() => { const e = document.activeElement; if (!e) return ''; "
                + "return e.getAttribute('aria-label') || e.id || (e.textContent || '').trim(); }");
    }
}

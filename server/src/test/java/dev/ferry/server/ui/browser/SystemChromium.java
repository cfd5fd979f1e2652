package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's own Chromium (Debian's {@code chromium} package), driven by Playwright. Playwright
 * normally downloads a browser of its own; that cannot work here, so it is told not to and is
 * pointed at the installed executable. Playwright's driver comes from its Maven artifact, so nothing
 * is fetched at test time.
 */
final class SystemChromium implements ExecutionCondition {
    /** Names another Chromium executable than the usual places. */
    static final String EXECUTABLE_VARIABLE = "FERRY_TEST_CHROMIUM";
    static final String MISSING = "No Chromium found ($" + EXECUTABLE_VARIABLE + " when set, else /usr/bin/chromium or "
            + "/usr/bin/chromium-browser): the dashboard's browser tests are skipped. Install it with "
            + "'apt-get install chromium' (.ci/run does).";

    SystemChromium() {
        // JUnit makes one to ask it whether the tests run
    }

    /** The executable $FERRY_TEST_CHROMIUM names when set (so that setting it to nothing shows the skip), else Debian's. */
    static Optional<Path> executable() {
        String named = System.getenv(EXECUTABLE_VARIABLE);
        Stream<String> candidates = named != null ? Stream.of(named) : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
        return candidates
                .filter(candidate -> !candidate.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Browser tests run only where there is a Chromium; elsewhere they are skipped, saying why. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return executable().map(found -> ConditionEvaluationResult.enabled("Chromium at " + found))
                .orElseGet(() -> ConditionEvaluationResult.disabled(MISSING));
    }

    static Playwright playwright() {
        // Surefire sets this too; set here as well so that a test started from an IDE does not try a download.
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright, Path executable) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable).setHeadless(true));
    }
}

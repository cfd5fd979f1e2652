package dev.ferry.server.ui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The accessibility check: axe-core, installed from the npm registry into {@code src/test/browser}
 * ({@code npm ci --prefix server/src/test/browser}), run inside the page as it stands. Serious and
 * critical violations fail the test, each named with the elements it was found on; minor and
 * moderate ones are left to review.
 */
final class Axe {
    static final Path SCRIPT = BrowserTest.MODULE.resolve("src/test/browser/node_modules/axe-core/axe.min.js");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs axe on the whole document; answers the serious and critical violations as JSON text. */
    private static final String RUN = """
            async () => {
              const results = await axe.run(document, {resultTypes: ['violations']});
              return JSON.stringify(results.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.map(n => n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')')})));
            }""";

    private Axe() {
    }

    /** Fails listing every serious or critical violation on the page; skips (an assumption) when axe-core is not installed. */
    static void assertNoSeriousViolations(Page page) {
        assumeInstalled();
        // Evaluated through the DevTools protocol, which the page's strict CSP does not apply to.
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            page.evaluate(source());
        }
        List<String> violations = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree((String) page.evaluate(RUN))) {
                violations.add(violation.get("impact").asText() + " " + violation.get("id").asText() + ": "
                        + violation.get("help").asText());
                for (JsonNode node : violation.get("nodes")) {
                    violations.add("    at " + node.asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!violations.isEmpty()) {
            fail("Accessibility violations (serious or critical) on " + page.url() + ":\n" + String.join("\n", violations));
        }
    }

    /** Skips the test (an assumption, saying how to install it) when axe-core is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isRegularFile(SCRIPT), "axe-core is not installed at " + SCRIPT.toAbsolutePath() + ": the "
                + "accessibility check is skipped. Install it with 'npm ci --prefix server/src/test/browser' (.ci/run does).");
    }

    private static String source() {
        try {
            return Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

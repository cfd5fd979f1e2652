package dev.ferry.server.ui.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.server.ServerSettings;
import dev.ferry.server.SqlitePipelines;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import dev.ferry.server.ui.auth.UserService;
import dev.ferry.testkit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser against a real server. Each test class gets one {@link TestServer}
 * on a free port (its SQLite state store in a temporary folder, or PostgreSQL when the class says
 * {@link #stateInPostgres()}), whose pipelines folder holds a real SQLite pipeline,
 * {@value #PIPELINE}, copying {@value #ITEMS} rows; and one Chromium. Each test gets a fresh
 * browser context (no cookies) and page.
 *
 * <p>Every page the browser loads is saved as a screenshot, {@code target/screenshots/<Class>.<test>-<page>.png}.
 * Find elements by their role and accessible name ({@code page.getByRole}), as a person using a
 * screen reader would; {@link #assertAccessible()} runs axe-core on the page.
 *
 * <p>Without Chromium every test is skipped, saying why ({@link SystemChromium}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SystemChromium.class)
public abstract class BrowserTest {
    /** The server module's folder: where Maven runs the tests, or found from the repository's root (an IDE). */
    static final Path MODULE = Files.isDirectory(Path.of("src/test/browser")) ? Path.of("") : Path.of("server");
    static final Path SCREENSHOTS = MODULE.resolve("target/screenshots");
    /** Every user these tests create has this password. */
    protected static final String PASSWORD = "a long enough password 42";
    protected static final String PIPELINE = "items-copy";
    protected static final int ITEMS = 120;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    /** The class's folder: the server's state store, pipelines and SQLite databases. */
    protected Path folder;
    protected TestServer server;
    protected Path destination;
    private Playwright playwright;
    private Browser browser;
    protected BrowserContext context;
    protected Page page;
    private final AtomicInteger users = new AtomicInteger();
    private String testName;
    private final Map<String, Integer> shotsOfPage = new HashMap<>();
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    void startServerAndBrowser(@TempDir Path classFolder) {
        folder = classFolder;
        Optional<Path> chromium = SystemChromium.executable();
        assumeTrue(chromium.isPresent(), SystemChromium.MISSING); // the class's condition has said so already
        Path source = folder.resolve("source.db");
        destination = folder.resolve("destination.db");
        SqlitePipelines.sourceWithItems(source, ITEMS);
        server = TestServer.start(folder, settings -> {
            SqlitePipelines.itemsPipeline(settings.pipelinesFolder(), PIPELINE, source, destination, "");
            ServerSettings chosen = stateInPostgres()
                    ? settings.withState(new StateConfig(TestPostgres.freshDatabase("ui_state"), null, null)) : settings;
            return customise(chosen);
        });
        playwright = SystemChromium.playwright();
        browser = SystemChromium.launch(playwright, chromium.get());
    }

    /** Whether this class's server keeps its state in PostgreSQL (a fresh database) rather than SQLite. */
    protected boolean stateInPostgres() {
        return false;
    }

    /** Changes the server's settings before it starts: more pipelines in {@code settings.pipelinesFolder()}, say. */
    protected ServerSettings customise(ServerSettings settings) {
        return settings;
    }

    @BeforeEach
    void openPage(TestInfo test) {
        testName = test.getTestClass().map(Class::getSimpleName).orElse("test") + "."
                + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        shotsOfPage.clear();
        consoleErrors.clear();
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.server().url())
                .setViewportSize(1280, 800).setLocale("en-GB").setTimezoneId("Europe/Amsterdam"));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onLoad(loaded -> screenshot(loaded, pageName(loaded.url())));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
        }
    }

    @AfterAll
    void stopServerAndBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A new dashboard user of {@code role}, with {@link #PASSWORD}; its name says its role and is unique in the class. */
    protected String createUser(Role role) {
        String name = role.label() + "-" + users.incrementAndGet();
        new UserService(server.server().parts().sql(), Clock.systemUTC()).create(name, role, PASSWORD, false);
        return name;
    }

    /** Signs in through the sign-in form as a new user of {@code role}; answers the user's name. */
    protected String signInAs(Role role) {
        String name = createUser(role);
        signIn(name, PASSWORD);
        waitForPath(UiPaths.OVERVIEW);
        return name;
    }

    /** Waits until the browser shows the page at {@code path} (query aside). */
    protected void waitForPath(String path) {
        page.waitForURL(url -> path.equals(URI.create(url).getPath()));
    }

    /** Fills and sends the sign-in form (from wherever the browser is). */
    protected void signIn(String name, String password) {
        if (!currentPath().equals(UiPaths.SIGN_IN)) {
            open(UiPaths.SIGN_IN);
        }
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Name")).fill(name);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    /** The path of the page the browser shows; empty before the first page. */
    protected String currentPath() {
        String path = URI.create(page.url()).getPath();
        return path == null ? "" : path;
    }

    /** Loads a dashboard path; answers its HTTP status. */
    protected int open(String path) {
        com.microsoft.playwright.Response response = page.navigate(path);
        return response == null ? 0 : response.status();
    }

    /**
     * Loads {@code start} and then every dashboard page they link to, and those pages' links in turn,
     * up to {@code most} pages (so that a long list's paging does not go on for ever), calling
     * {@code check} on each as it is shown. Answers the paths visited, in order.
     */
    protected List<String> visitEveryPage(List<String> start, int most, Consumer<String> check) {
        Deque<String> queue = new ArrayDeque<>(start);
        Set<String> visited = new LinkedHashSet<>();
        String authority = URI.create(server.server().url()).getAuthority();
        while (!queue.isEmpty() && visited.size() < most) {
            String path = queue.poll();
            if (!visited.add(path)) {
                continue;
            }
            open(path);
            check.accept(path);
            for (Object href : (List<?>) page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")) {
                URI link = URI.create((String) href);
                String linked = link.getRawPath() + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery());
                if (authority.equals(link.getAuthority()) && UiPaths.isDashboard(link.getRawPath())
                        && !link.getRawPath().startsWith(UiPaths.ASSETS) && !visited.contains(linked)) {
                    queue.add(linked);
                }
            }
        }
        return List.copyOf(visited);
    }

    /** The session cookie the browser holds, if any. */
    protected Optional<Cookie> sessionCookie() {
        return context.cookies().stream().filter(cookie -> cookie.name.equals(UiAuth.COOKIE)).findFirst();
    }

    /** Saves the page as it is now, as {@code <test>-<name>.png}, beside the ones taken as pages load. */
    protected void screenshot(String name) {
        screenshot(page, name);
    }

    /** Runs axe-core on the page as it is now: no serious or critical violation. */
    protected void assertAccessible() {
        Axe.assertNoSeriousViolations(page);
    }

    /** The errors the page's scripts and the browser logged to the console since the test began (CSP refusals among them). */
    protected List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    private void screenshot(Page shown, String name) {
        int seen = shotsOfPage.merge(name, 1, Integer::sum);
        String file = UNSAFE.matcher(testName + "-" + name + (seen == 1 ? "" : "-" + seen)).replaceAll("_") + ".png";
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shown.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(file)).setFullPage(true));
    }

    /** A page's name for its screenshot: its path, "overview" for the root. */
    static String pageName(String url) {
        String path = URI.create(url).getPath();
        if (path == null || path.equals("/") || path.isEmpty()) {
            return "overview";
        }
        return String.join("-", path.substring(1).split("/"));
    }
}

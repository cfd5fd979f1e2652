package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.ServerOptions;
import dev.ferry.testkit.saas.StandaloneFake;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakeHubSpot} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.saas.hubspot.FakeHubSpotServer --info FILE [--port N]
 *     [--contacts N] [--companies N] [--deals N] [--unique-contact-properties NAME,NAME]
 *     [--burst N] [--burst-window-ms MS] [--daily N] [--searches-per-second N] [--not-enforced]
 *     [--rotate-refresh-tokens] [--request-log-limit N]
 * </pre>
 *
 * <p>The info file (owner-only, written once the fake answers) holds {@code FAKE_HUBSPOT_URL},
 * {@code FAKE_HUBSPOT_HUB_ID}, {@code FAKE_HUBSPOT_ACCESS_TOKEN}, {@code FAKE_HUBSPOT_REFRESH_TOKEN},
 * {@code FAKE_HUBSPOT_CLIENT_ID}, {@code FAKE_HUBSPOT_CLIENT_SECRET} and {@code FAKE_HUBSPOT_STATS_URL}.
 * The access token lasts 30 minutes; a longer run refreshes through {@code /oauth/v3/token}.
 */
public final class FakeHubSpotServer {

    private static final String USAGE = "FakeHubSpotServer --info FILE [--port N] [--contacts N] [--companies N] [--deals N]"
            + " [--unique-contact-properties NAME,NAME] [--burst N] [--burst-window-ms MS] [--daily N]"
            + " [--searches-per-second N] [--not-enforced] [--rotate-refresh-tokens] [--request-log-limit N]";

    private FakeHubSpotServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StandaloneFake.run(FakeHubSpotServer::start, args);
    }

    static FakeHubSpot start(String[] args) throws IOException {
        ServerOptions options = StandaloneFake.options(args, Set.of("--contacts", "--companies", "--deals",
                "--unique-contact-properties", "--burst", "--burst-window-ms", "--daily", "--searches-per-second"),
                Set.of("--not-enforced", "--rotate-refresh-tokens"), USAGE);
        FakeHubSpot fake = StandaloneFake.start(options, FakeHubSpot::start);
        fake.setRateLimits((int) options.number("--burst", HubSpotRateLimits.BURST),
                Duration.ofMillis(options.number("--burst-window-ms", HubSpotRateLimits.BURST_WINDOW.toMillis())),
                (int) options.number("--daily", HubSpotRateLimits.DAILY),
                (int) options.number("--searches-per-second", HubSpotRateLimits.SEARCH), !options.flag("--not-enforced"));
        fake.setRotatingRefreshTokens(options.flag("--rotate-refresh-tokens"));
        options.list("--unique-contact-properties").forEach(name -> fake.addUniqueProperty("contacts", name));
        fake.generate("contacts", (int) options.number("--contacts", 0));
        fake.generate("companies", (int) options.number("--companies", 0));
        fake.generate("deals", (int) options.number("--deals", 0));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("FAKE_HUBSPOT_URL", fake.baseUrl());
        info.put("FAKE_HUBSPOT_HUB_ID", Long.toString(fake.hubId()));
        info.put("FAKE_HUBSPOT_ACCESS_TOKEN", fake.accessToken());
        info.put("FAKE_HUBSPOT_REFRESH_TOKEN", fake.refreshToken());
        info.put("FAKE_HUBSPOT_CLIENT_ID", fake.clientId());
        info.put("FAKE_HUBSPOT_CLIENT_SECRET", fake.clientSecret());
        info.put("FAKE_HUBSPOT_STATS_URL", fake.statsUrl());
        StandaloneFake.announce("HubSpot", fake, options, info, "tokens");
        return fake;
    }
}

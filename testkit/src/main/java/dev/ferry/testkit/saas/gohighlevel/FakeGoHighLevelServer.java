package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.ServerOptions;
import dev.ferry.testkit.saas.StandaloneFake;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakeGoHighLevel} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevelServer --info FILE [--port N]
 *     [--calendars ID,ID] [--users ID,ID] [--custom-fields KEY,KEY] [--contacts N]
 *     [--burst N] [--burst-window-ms MS] [--daily N] [--request-log-limit N]
 * </pre>
 *
 * <p>Calendars, users and custom fields are created in the default location; {@code --contacts}
 * adds N existing contacts ({@code contact<i>@example.it}, phone {@code +39333<i, 7 digits>}), so
 * a run can upsert against them. The info file (owner-only, written once the fake answers) holds
 * {@code FAKE_GHL_URL}, {@code FAKE_GHL_LOCATION_ID}, {@code FAKE_GHL_ACCESS_TOKEN},
 * {@code FAKE_GHL_REFRESH_TOKEN}, {@code FAKE_GHL_CLIENT_ID}, {@code FAKE_GHL_CLIENT_SECRET},
 * {@code FAKE_GHL_STATS_URL}, and {@code FAKE_GHL_CUSTOM_FIELD_<KEY>} (the id) per custom field.
 * The access token lasts a day; a run that outlives it must refresh through {@code /oauth/token}.
 */
public final class FakeGoHighLevelServer {

    private static final String USAGE = "FakeGoHighLevelServer --info FILE [--port N] [--calendars ID,ID] [--users ID,ID]"
            + " [--custom-fields KEY,KEY] [--contacts N] [--burst N] [--burst-window-ms MS] [--daily N] [--request-log-limit N]";

    private FakeGoHighLevelServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StandaloneFake.run(FakeGoHighLevelServer::start, args);
    }

    static FakeGoHighLevel start(String[] args) throws IOException {
        ServerOptions options = StandaloneFake.options(args, Set.of("--calendars", "--users", "--custom-fields",
                "--contacts", "--burst", "--burst-window-ms", "--daily"), Set.of(), USAGE);
        FakeGoHighLevel fake = StandaloneFake.start(options, FakeGoHighLevel::start);
        fake.setRateLimits((int) options.number("--burst", GhlRateLimits.BURST),
                Duration.ofMillis(options.number("--burst-window-ms", GhlRateLimits.BURST_WINDOW.toMillis())),
                (int) options.number("--daily", GhlRateLimits.DAILY));
        options.list("--calendars").forEach(fake::addCalendar);
        options.list("--users").forEach(fake::addUser);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("FAKE_GHL_URL", fake.baseUrl());
        info.put("FAKE_GHL_LOCATION_ID", fake.locationId());
        info.put("FAKE_GHL_ACCESS_TOKEN", fake.accessToken());
        info.put("FAKE_GHL_REFRESH_TOKEN", fake.refreshToken());
        info.put("FAKE_GHL_CLIENT_ID", fake.clientId());
        info.put("FAKE_GHL_CLIENT_SECRET", fake.clientSecret());
        info.put("FAKE_GHL_STATS_URL", fake.statsUrl());
        for (String key : options.list("--custom-fields")) {
            String id = fake.addCustomField(key, key);
            info.put("FAKE_GHL_CUSTOM_FIELD_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), id);
        }
        long contacts = options.number("--contacts", 0);
        for (long i = 0; i < contacts; i++) {
            fake.addContact(fake.locationId(), Map.of("firstName", "Contact", "lastName", Long.toString(i),
                    "email", "contact" + i + "@example.it", "phone", String.format("+39333%07d", i)));
        }
        StandaloneFake.announce("GoHighLevel", fake, options, info, "tokens");
        return fake;
    }
}

package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.ServerOptions;
import dev.ferry.testkit.saas.StandaloneFake;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakeAlfaDocs} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.saas.alfadocs.FakeAlfaDocsServer --info FILE [--port N]
 *     [--patients N] [--appointments N] [--appointment-days D] [--page-size N]
 *     [--rate-limit PER_SECOND] [--enforce-rate-limit] [--request-log-limit N]
 * </pre>
 *
 * <p>{@code --appointments} spreads them over {@code D} days (default 1464) from 4 days ago, as
 * team 4 reads them. The info file (owner-only, written once the fake answers and the data
 * exists) holds {@code FAKE_ALFADOCS_BASE_URL} (ending in {@code /api/v1}), {@code FAKE_ALFADOCS_API_KEY},
 * {@code FAKE_ALFADOCS_PRACTICE_ID}, {@code FAKE_ALFADOCS_ARCHIVE_ID} and {@code FAKE_ALFADOCS_STATS_URL}
 * ({@code GET}: record counts, requests per route, rate-limit violations). The request log keeps
 * the last 10,000 requests unless told otherwise, so a long run does not grow without end.
 */
public final class FakeAlfaDocsServer {

    private static final String USAGE = "FakeAlfaDocsServer --info FILE [--port N] [--patients N] [--appointments N]"
            + " [--appointment-days D] [--page-size N] [--rate-limit PER_SECOND] [--enforce-rate-limit] [--request-log-limit N]";

    private FakeAlfaDocsServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StandaloneFake.run(FakeAlfaDocsServer::start, args);
    }

    static FakeAlfaDocs start(String[] args) throws IOException {
        ServerOptions options = StandaloneFake.options(args, Set.of("--patients", "--appointments", "--appointment-days",
                "--page-size", "--rate-limit"), Set.of("--enforce-rate-limit"), USAGE);
        FakeAlfaDocs fake = StandaloneFake.start(options, FakeAlfaDocs::start);
        fake.setPatientPageSize((int) options.number("--page-size", FakeAlfaDocs.DEFAULT_PAGE_SIZE));
        fake.setRateLimit((int) options.number("--rate-limit", FakeAlfaDocs.DEFAULT_RATE_LIMIT), Duration.ofSeconds(1),
                options.flag("--enforce-rate-limit"));
        long started = System.nanoTime();
        fake.generatePatients(options.number("--patients", 0));
        int appointments = (int) options.number("--appointments", 0);
        if (appointments > 0) {
            fake.generateAppointments(appointments, LocalDate.now().minusDays(4), (int) options.number("--appointment-days", 1464));
        }
        System.out.printf("fake AlfaDocs: %,d patients and %,d appointments ready in %d ms%n", fake.patientCount(),
                appointments, (System.nanoTime() - started) / 1_000_000);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("FAKE_ALFADOCS_BASE_URL", fake.baseUrl());
        info.put("FAKE_ALFADOCS_API_KEY", fake.apiKey());
        info.put("FAKE_ALFADOCS_PRACTICE_ID", Long.toString(fake.practiceId()));
        info.put("FAKE_ALFADOCS_ARCHIVE_ID", Long.toString(fake.archiveId()));
        info.put("FAKE_ALFADOCS_STATS_URL", fake.statsUrl());
        StandaloneFake.announce("AlfaDocs", fake, options, info, "API key");
        return fake;
    }
}

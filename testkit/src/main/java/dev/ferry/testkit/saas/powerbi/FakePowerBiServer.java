package dev.ferry.testkit.saas.powerbi;

import dev.ferry.testkit.saas.ServerOptions;
import dev.ferry.testkit.saas.StandaloneFake;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakePowerBi} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.saas.powerbi.FakePowerBiServer --info FILE [--port N] [--group ID]
 *     [--datasets ID,ID] [--table NAME] [--rows N] [--push-datasets ID,ID] [--push-tables NAME,NAME]
 *     [--request-log-limit N]
 * </pre>
 *
 * <p>Each of {@code --datasets} gets a table {@code --table} (default {@code Sales}) of {@code --rows}
 * generated rows (see {@link FakePowerBi#generateTable}); each of {@code --push-datasets} declares
 * the {@code --push-tables}. All are in {@code --group} when given, else in My workspace. The info
 * file (owner-only) holds {@code FAKE_POWERBI_URL}, {@code FAKE_POWERBI_ACCESS_TOKEN} and
 * {@code FAKE_POWERBI_STATS_URL}.
 */
public final class FakePowerBiServer {

    private static final String USAGE = "FakePowerBiServer --info FILE [--port N] [--group ID] [--datasets ID,ID]"
            + " [--table NAME] [--rows N] [--push-datasets ID,ID] [--push-tables NAME,NAME] [--request-log-limit N]";

    private FakePowerBiServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StandaloneFake.run(FakePowerBiServer::start, args);
    }

    static FakePowerBi start(String[] args) throws IOException {
        ServerOptions options = StandaloneFake.options(args, Set.of("--group", "--datasets", "--table", "--rows",
                "--push-datasets", "--push-tables"), Set.of(), USAGE);
        FakePowerBi fake = StandaloneFake.start(options, FakePowerBi::start);
        String group = options.text("--group", null);
        for (String dataset : options.list("--datasets")) {
            fake.addDataset(group, dataset);
            fake.generateTable(dataset, options.text("--table", "Sales"), (int) options.number("--rows", 0));
        }
        String[] pushTables = options.list("--push-tables").toArray(String[]::new);
        for (String dataset : options.list("--push-datasets")) {
            fake.addPushDataset(group, dataset, pushTables);
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("FAKE_POWERBI_URL", fake.baseUrl());
        info.put("FAKE_POWERBI_ACCESS_TOKEN", fake.accessToken());
        info.put("FAKE_POWERBI_STATS_URL", fake.statsUrl());
        StandaloneFake.announce("Power BI", fake, options, info, "token");
        return fake;
    }
}

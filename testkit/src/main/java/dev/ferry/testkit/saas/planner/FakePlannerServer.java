package dev.ferry.testkit.saas.planner;

import dev.ferry.testkit.saas.ServerOptions;
import dev.ferry.testkit.saas.StandaloneFake;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link FakePlanner} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.saas.planner.FakePlannerServer --info FILE [--port N]
 *     [--plans ID,ID] [--tasks N] [--page-size N] [--request-log-limit N]
 * </pre>
 *
 * <p>{@code --tasks} creates N tasks in the default plan and in each plan named. The info file
 * (owner-only, written once the fake answers) holds {@code FAKE_PLANNER_URL},
 * {@code FAKE_PLANNER_ACCESS_TOKEN}, {@code FAKE_PLANNER_PLAN_ID} (the default plan) and
 * {@code FAKE_PLANNER_STATS_URL}.
 */
public final class FakePlannerServer {

    private static final String USAGE = "FakePlannerServer --info FILE [--port N] [--plans ID,ID] [--tasks N] [--page-size N]"
            + " [--request-log-limit N]";

    private FakePlannerServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        StandaloneFake.run(FakePlannerServer::start, args);
    }

    static FakePlanner start(String[] args) throws IOException {
        ServerOptions options = StandaloneFake.options(args, Set.of("--plans", "--tasks", "--page-size"), Set.of(), USAGE);
        FakePlanner fake = StandaloneFake.start(options, FakePlanner::start);
        fake.setPageSize((int) options.number("--page-size", FakePlanner.DEFAULT_PAGE_SIZE));
        int tasks = (int) options.number("--tasks", 0);
        fake.generateTasks(fake.planId(), tasks);
        for (String plan : options.list("--plans")) {
            fake.addPlan(plan);
            fake.generateTasks(plan, tasks);
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("FAKE_PLANNER_URL", fake.baseUrl());
        info.put("FAKE_PLANNER_ACCESS_TOKEN", fake.accessToken());
        info.put("FAKE_PLANNER_PLAN_ID", fake.planId());
        info.put("FAKE_PLANNER_STATS_URL", fake.statsUrl());
        StandaloneFake.announce("Planner", fake, options, info, "token");
        return fake;
    }
}

package dev.ferry.testkit.saas;

import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the standalone fakes for benchmarks share: the options every one of them takes
 * ({@code --info}, {@code --port}, {@code --request-log-limit}), starting the fake with the system
 * clock, handing its keys to the starting script through an {@link InfoFile}, and running until
 * the process is killed. Each fake's {@code *Server} class keeps only what is its own.
 */
public final class StandaloneFake {

    /** Requests kept in the log unless told otherwise, so that a long run does not grow without end. */
    public static final int DEFAULT_REQUEST_LOG_LIMIT = 10_000;

    private static final Set<String> COMMON_OPTIONS = Set.of("--info", "--port", "--request-log-limit");

    private StandaloneFake() {
    }

    /** How a fake's {@code *Server} class starts it from its command line, ready and announced. */
    @FunctionalInterface
    public interface Starter {
        SaasFake start(String[] args) throws IOException;
    }

    /** How a fake is started on a port with a clock, e.g. {@code FakeHubSpot::start}. */
    @FunctionalInterface
    public interface Factory<F extends SaasFake> {
        F start(int port, Clock clock);
    }

    /** Starts the fake, closes it when the process is asked to end, and waits for that. */
    public static void run(Starter starter, String[] args) throws IOException, InterruptedException {
        SaasFake fake = starter.start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }

    /** Parses the fake's own {@code names} and {@code flags} along with the options every fake takes. */
    public static ServerOptions options(String[] args, Set<String> names, Set<String> flags, String usage) {
        Set<String> all = new HashSet<>(names);
        all.addAll(COMMON_OPTIONS);
        return ServerOptions.parse(args, all, flags, usage);
    }

    /** Starts the fake on {@code --port} (a free one by default) with the system clock and a bounded request log. */
    public static <F extends SaasFake> F start(ServerOptions options, Factory<F> factory) {
        F fake = factory.start((int) options.number("--port", 0), Clock.systemUTC());
        fake.setRequestLogLimit((int) options.number("--request-log-limit", DEFAULT_REQUEST_LOG_LIMIT));
        return fake;
    }

    /**
     * Writes the info file once the fake answers and its data exists, then says where the fake is;
     * the keys and tokens go only to the file ({@code secrets} names them for the message).
     */
    public static void announce(String name, SaasFake fake, ServerOptions options, Map<String, String> info, String secrets)
            throws IOException {
        InfoFile.write(options.info(), info);
        System.out.println("fake " + name + " at " + fake.baseUrl() + " (" + secrets + " in " + options.info() + ")");
    }
}

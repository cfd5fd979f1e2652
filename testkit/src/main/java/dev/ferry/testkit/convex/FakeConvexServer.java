package dev.ferry.testkit.convex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.float64;

/**
 * Runs a {@link FakeConvex} on its own, for benchmarks, until the process is killed:
 *
 * <pre>
 * java -cp ... dev.ferry.testkit.convex.FakeConvexServer --port 0 --info FILE [--generate TABLE:COUNT] [--index-not-ready-polls N]
 * </pre>
 *
 * <p>The info file (owner-only, written whole once the fake answers and the documents exist) holds
 * shell assignments: {@code FAKE_CONVEX_URL}, {@code FAKE_CONVEX_DEPLOY_KEY}, {@code FAKE_CONVEX_AUTH_KEY} (the
 * {@code authKey} its {@code sync:*} mutations take) and, with
 * {@code --generate}, {@code FAKE_CONVEX_CHECKSUM} (see {@link BenchDocuments}). The deploy key goes
 * only there, never to the output. The query {@code bench:documentCounts} answers the live document
 * count of every table as {@code {table: count}}, so a script can check what an import wrote.
 */
public final class FakeConvexServer {

    static final String COUNTS_QUERY = "bench:documentCounts";

    private FakeConvexServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        FakeConvex fake = start(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }

    /** Starts the fake, generates the documents asked for, and writes the info file last. */
    static FakeConvex start(Options options) throws IOException {
        FakeConvex fake = FakeConvex.start(options.port());
        fake.registerQuery(COUNTS_QUERY, (arguments, transaction) -> documentCounts(fake));
        if (options.indexNotReadyPolls() >= 0) {
            fake.setIndexesNotReadyPolls(options.indexNotReadyPolls());
        }
        StringBuilder info = new StringBuilder()
                .append("FAKE_CONVEX_URL=").append(fake.url()).append('\n')
                .append("FAKE_CONVEX_DEPLOY_KEY='").append(fake.deployKey()).append("'\n")
                .append("FAKE_CONVEX_AUTH_KEY='").append(fake.mutationAuthKey()).append("'\n");
        if (options.table() != null) {
            long started = System.nanoTime();
            String checksum = BenchDocuments.generate(fake, options.table(), options.count());
            System.out.printf("fake Convex: %,d documents generated in table %s in %d ms%n", options.count(), options.table(),
                    (System.nanoTime() - started) / 1_000_000);
            info.append("FAKE_CONVEX_CHECKSUM=").append(checksum).append('\n');
        }
        writeOwnerOnly(options.info(), info.toString());
        System.out.println("fake Convex deployment at " + fake.url() + " (deploy key in " + options.info() + ")");
        return fake;
    }

    private static ConvexValue documentCounts(FakeConvex fake) {
        Map<String, ConvexValue> counts = new LinkedHashMap<>();
        for (String table : fake.tableNames()) {
            counts.put(table, float64(fake.documents(table).size()));
        }
        return ConvexValue.object(counts);
    }

    /** Written to a temporary file first and moved, so a reader never sees half of it. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code indexNotReadyPolls} -1: the fake's default. {@code table} null: generate nothing. */
    record Options(int port, Path info, String table, long count, int indexNotReadyPolls) {

        static Options parse(String[] args) {
            int port = 0;
            Path info = null;
            String table = null;
            long count = 0;
            int polls = -1;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw usage("option " + name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--info" -> info = Path.of(value);
                    case "--index-not-ready-polls" -> polls = Integer.parseInt(value);
                    case "--generate" -> {
                        int colon = value.lastIndexOf(':');
                        if (colon < 1) {
                            throw usage("--generate takes TABLE:COUNT, got '" + value + "'");
                        }
                        table = value.substring(0, colon);
                        count = Long.parseLong(value.substring(colon + 1));
                    }
                    default -> throw usage("unknown option " + name);
                }
            }
            if (info == null) {
                throw usage("--info FILE is required (the deploy key is written there, not to the output)");
            }
            return new Options(port, info, table, count, polls);
        }

        private static IllegalArgumentException usage(String problem) {
            return new IllegalArgumentException(problem + "; usage: FakeConvexServer --info FILE [--port N]"
                    + " [--generate TABLE:COUNT] [--index-not-ready-polls N]");
        }
    }
}

// Load generator for bench/run-server-load.sh, run from source with the Ferry jar on the class path:
//   java -cp cli/target/ferry.jar bench/ServerLoad.java load URL TOKEN CLIENTS SECONDS SYNC_PIPELINE
//   java -cp cli/target/ferry.jar bench/ServerLoad.java lateness URL TOKEN PIPELINE EVERY_SECONDS
// "load": CLIENTS threads, each with its own connection pool, call read endpoints back to back for
// SECONDS (and one call in 50 is a Sync now of SYNC_PIPELINE); prints counts per status and latency
// percentiles. "lateness": reads the pipeline's run history and prints how late each run started
// against the schedule (the first run's start, then every EVERY_SECONDS).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

public class ServerLoad {
    private static final String[] READS = {"/api/pipelines", "/api/runs?limit=20", "/api/pipelines/ticker",
            "/metrics", "/api/runs?pipeline=ticker&limit=5", "/ready"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5]);
            case "lateness" -> lateness(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("load or lateness, not " + args[0]);
        }
    }

    static void load(String url, String token, int clients, int seconds, String syncPipeline) throws Exception {
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                int n = 0;
                while (System.nanoTime() < deadline && n < mine.length - 1) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    boolean sync = random.nextInt(50) == 0;
                    String path = sync ? "/api/pipelines/" + syncPipeline + "/runs" : READS[random.nextInt(READS.length)];
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
                    if (sync) {
                        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
                    }
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        mine[++n] = System.nanoTime() - start;
                        String key = (sync ? "POST sync now " : "GET ") + response.statusCode();
                        statuses.computeIfAbsent(key, k -> new LongAdder()).increment();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                mine[0] = n;
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, at, (int) l[0]);
            at += (int) l[0];
        }
        Arrays.sort(all);
        long server5xx = statuses.entrySet().stream().filter(e -> e.getKey().matches(".* 5\\d\\d"))
                .mapToLong(e -> e.getValue().sum()).sum();
        System.out.printf("requests      %d in %d s (%.0f/s) from %d clients%n", total, seconds, total / (double) seconds, clients);
        new TreeMap<>(statuses).forEach((key, count) -> System.out.printf("  %-22s %d%n", key, count.sum()));
        System.out.printf("5xx           %d%n", server5xx);
        System.out.printf("no answer     %d%n", errors.get());
        System.out.printf("latency ms    p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n", ms(all, 0.50), ms(all, 0.90), ms(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static void lateness(String url, String token, String pipeline, int everySeconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/runs?pipeline=" + pipeline
                + "&limit=1000")).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode runs = new ObjectMapper().readTree(response.body()).get("items"); // a page: {items, total, ...}
        List<Instant> starts = new ArrayList<>();
        Map<String, Integer> triggers = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (JsonNode run : runs) {
            starts.add(Instant.parse(run.get("startedAt").asText()));
            triggers.merge(run.get("trigger").asText(), 1, Integer::sum);
            outcomes.merge(run.get("status").asText(), 1, Integer::sum);
        }
        starts.sort(null);
        System.out.printf("runs          %d of %s, triggers %s, statuses %s%n", starts.size(), pipeline, triggers, outcomes);
        if (starts.size() < 2) {
            return;
        }
        // Against a fixed grid from the first start, and between consecutive starts.
        long every = everySeconds * 1000L;
        long[] late = new long[starts.size()];
        long[] gapLate = new long[starts.size() - 1];
        for (int i = 0; i < starts.size(); i++) {
            late[i] = Duration.between(starts.getFirst().plusMillis(i * every), starts.get(i)).toMillis();
            if (i > 0) {
                gapLate[i - 1] = Duration.between(starts.get(i - 1), starts.get(i)).toMillis() - every;
            }
        }
        long[] sortedGaps = gapLate.clone();
        Arrays.sort(sortedGaps);
        System.out.printf("late vs grid  last run %d ms, max %d ms (start i vs first start + i x %d s)%n",
                late[late.length - 1], Arrays.stream(late).max().orElse(0), everySeconds);
        System.out.printf("interval      p50 %+d ms, max %+d ms, min %+d ms beyond %d s%n", sortedGaps[sortedGaps.length / 2],
                sortedGaps[sortedGaps.length - 1], sortedGaps[0], everySeconds);
    }
}

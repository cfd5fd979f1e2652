package dev.ferry.server.metrics;

import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.runs.RunEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The server's metrics in Prometheus form, fed by the one stream of {@link RunEvent}s: runs by
 * pipeline and status, rows read and written per pipeline and stream, run durations, the time of
 * each pipeline's last success, runs in progress, the scheduler's lag, and the JVM and process
 * basics (memory, threads, GC, CPU, uptime), and the API's requests.
 *
 * <p>Labels are pipeline and stream names, run statuses, and route patterns with HTTP methods and
 * statuses; never run ids, raw paths, triggers or error texts, so the number of series stays
 * bounded by the configuration.
 *
 * <p>Thread-safe: events arrive on run threads while scrapes come from request threads.
 */
public final class MetricsService implements AutoCloseable {
    /** Run durations from a second to a day, the range Ferry's runs fall in. */
    private static final Duration SHORTEST_RUN = Duration.ofSeconds(1);
    private static final Duration LONGEST_RUN = Duration.ofHours(24);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /** Epoch seconds of each pipeline's last successful run, read by its gauge. */
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    /** Per run in progress, the counts already added to the row counters, so a progress event adds only the new rows. */
    private final Map<Long, Map<String, StreamStats>> counted = new ConcurrentHashMap<>();
    private final RunEvents.Subscription subscription;
    /** What the scheduler-lag gauge reads; zero until a scheduler is wired. */
    private final AtomicReference<Supplier<Duration>> schedulerLag = new AtomicReference<>(() -> Duration.ZERO);

    /**
     * Starts listening to {@code events}.
     *
     * @param activeRuns how many runs this node executes right now, read at each scrape
     */
    public MetricsService(RunEvents events, IntSupplier activeRuns) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("ferry.runs.active", activeRuns, IntSupplier::getAsInt)
                .description("Runs this node executes right now").strongReference(true).register(registry);
        registerSchedulerLag();
        subscription = events.subscribe(this::onEvent);
    }

    /**
     * Publishes how late the scheduler is: how long the most overdue due run has waited beyond its
     * planned time, zero when none waits. The supplier is read at each scrape; a null answer reads as zero.
     */
    public void schedulerLag(Supplier<Duration> lag) {
        schedulerLag.set(java.util.Objects.requireNonNull(lag, "lag"));
    }

    /** The gauge reads whichever supplier was set last; registered once, as a meter can only be. */
    private void registerSchedulerLag() {
        // Gauges hold their object weakly unless told otherwise; it would be collected and read as NaN.
        Gauge.builder("ferry.scheduler.lag", schedulerLag, current -> {
                    Duration value = current.get().get();
                    return value == null ? 0 : value.toNanos() / 1e9;
                })
                .baseUnit("seconds").description("How long the most overdue scheduled run has waited past its planned time")
                .strongReference(true).register(registry);
    }

    /**
     * Counts and times an answered request. {@code route} is the matched route's pattern (such as
     * {@code /api/runs/{id}}), never the raw path, so ids and typos do not make new series; null for
     * a request no route matched.
     */
    public void requestServed(String method, String route, int status, Duration took) {
        Timer.builder("http.server.requests").description("API requests answered, by method, route and status")
                .tag("method", method).tag("route", route == null ? "unmatched" : route).tag("status", String.valueOf(status))
                .register(registry).record(took);
    }

    /** The metrics in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private void onEvent(RunEvent event) {
        switch (event) {
            case RunEvent.Started started -> counted.put(started.runId(), new ConcurrentHashMap<>());
            case RunEvent.Progress progress -> countRows(progress.runId(), progress.pipeline(), List.of(progress.stats()));
            case RunEvent.Finished finished -> finished(finished);
            case RunEvent.Logged ignored -> {
            }
        }
    }

    private void finished(RunEvent.Finished finished) {
        countRows(finished.runId(), finished.pipeline(), finished.streams());
        counted.remove(finished.runId());
        String pipeline = finished.pipeline();
        Counter.builder("ferry.runs").description("Runs that ended, by pipeline and status")
                .tag("pipeline", pipeline).tag("status", finished.status().name().toLowerCase())
                .register(registry).increment();
        Timer.builder("ferry.run.duration").description("How long runs took, by pipeline")
                .tag("pipeline", pipeline)
                .publishPercentileHistogram().minimumExpectedValue(SHORTEST_RUN).maximumExpectedValue(LONGEST_RUN)
                .register(registry).record(finished.duration());
        if (finished.status() == RunStatus.SUCCEEDED) {
            lastSuccessOf(pipeline).set(finished.at().getEpochSecond());
        }
    }

    /**
     * Sets when a pipeline last succeeded, as the run history says at start, so an alert on
     * {@code time() - ferry_pipeline_last_success_seconds} holds across restarts. A later success
     * recorded by a run event wins.
     */
    public void lastSuccessFromHistory(String pipeline, Instant ended) {
        lastSuccessOf(pipeline).accumulateAndGet(ended.getEpochSecond(), Math::max);
    }

    private AtomicLong lastSuccessOf(String pipeline) {
        return lastSuccess.computeIfAbsent(pipeline, name -> {
            AtomicLong seconds = new AtomicLong();
            Gauge.builder("ferry.pipeline.last.success", seconds, AtomicLong::get)
                    .baseUnit("seconds").description("When the pipeline's last successful run ended, in seconds since the epoch")
                    .tag("pipeline", name).register(registry);
            return seconds;
        });
    }

    /** Adds to the row counters what these cumulative counts hold beyond what was already added for the run. */
    private void countRows(long runId, String pipeline, List<StreamStats> streams) {
        Map<String, StreamStats> before = counted.computeIfAbsent(runId, id -> new ConcurrentHashMap<>());
        for (StreamStats now : streams) {
            StreamStats was = before.getOrDefault(now.stream(), StreamStats.empty(now.stream()));
            add("ferry.rows.read", "Rows read from sources", pipeline, now.stream(), now.read() - was.read());
            add("ferry.rows.written", "Rows inserted or updated at destinations", pipeline, now.stream(),
                    now.written() - was.written());
            add("ferry.rows.deleted", "Rows deleted at destinations", pipeline, now.stream(), now.deleted() - was.deleted());
            add("ferry.rows.failed", "Rows that could not be written", pipeline, now.stream(), now.failed() - was.failed());
            before.put(now.stream(), max(was, now));
        }
    }

    private void add(String name, String description, String pipeline, String stream, long rows) {
        // A retried stream's counts may step back; counters only go up, and the rows come again later.
        if (rows > 0) {
            Counter.builder(name).description(description).tag("pipeline", pipeline).tag("stream", stream)
                    .register(registry).increment(rows);
        }
    }

    private static StreamStats max(StreamStats a, StreamStats b) {
        return new StreamStats(a.stream(), Math.max(a.read(), b.read()), Math.max(a.inserted(), b.inserted()),
                Math.max(a.updated(), b.updated()), Math.max(a.unchanged(), b.unchanged()),
                Math.max(a.deleted(), b.deleted()), Math.max(a.failed(), b.failed()));
    }

    @Override
    public void close() {
        subscription.close();
        gcMetrics.close();
        registry.close();
    }
}

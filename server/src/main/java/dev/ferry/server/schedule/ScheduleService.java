package dev.ferry.server.schedule;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineEntry;
import dev.ferry.server.runs.RunEvent;
import dev.ferry.server.runs.RunEvents;
import dev.ferry.server.runs.RunService;
import dev.ferry.server.store.ServerDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Runs pipelines by themselves: on their {@code every:} or {@code cron:} times, after a run of a
 * pipeline they name in {@code after:} succeeds, and when the upstream trigger endpoint is called.
 *
 * <p>Every pending run is a row of db-scheduler's {@code scheduled_tasks} table in the state
 * store's database: one row per timed pipeline (task {@value #SCHEDULE_TASK}, instance = the
 * pipeline's name, moved to its next time after each run) and one per queued run (task
 * {@value #TRIGGER_TASK}). Nodes sharing a PostgreSQL store all poll that table and pick a due row
 * by bumping its version, so exactly one node executes it; that node keeps the row picked, renewing
 * its heartbeat, until the run has ended. When a node dies mid-run, its heartbeat stops; once it is
 * older than {@code heartbeat × missedHeartbeats} another node revives the row and runs the
 * pipeline again as a retry. The engine's pipeline lock (an advisory lock on PostgreSQL) keeps two
 * runs of a pipeline from overlapping whatever starts them, and marks the dead node's run
 * INTERRUPTED when the retry takes the lock.
 *
 * <p>Thread-safe.
 */
public final class ScheduleService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    static final String SCHEDULE_TASK = "ferry-schedule";
    static final String TRIGGER_TASK = "ferry-trigger";
    /** How soon a pending run of a pipeline that is running already is tried again. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(2);
    /** How soon a schedule whose pipeline file has problems looks again. */
    static final Duration BROKEN_WAIT = Duration.ofMinutes(1);

    private final PipelineCatalog pipelines;
    private final RunEvents events;
    private final Predicate<String> paused;
    private final Clock clock;
    private final Settings settings;
    private final String node;
    private final Scheduler scheduler;
    private final CustomTask<ScheduleState> scheduleTask;
    private final CustomTask<TriggerState> triggerTask;
    private final ScheduledRuns runner;
    private volatile Duration lag = Duration.ZERO;
    private volatile boolean stopping;
    private volatile RunEvents.Subscription subscription;

    /**
     * How the scheduler polls and notices dead nodes.
     *
     * @param pollingInterval   how often each node looks for due executions (and so how late a run may start)
     * @param heartbeatInterval how often a node running an execution says it is alive
     * @param missedHeartbeats  how many heartbeats may be missed before another node takes the execution over
     *                          (at least 4); a dead node's run is retried after about
     *                          {@code heartbeatInterval × missedHeartbeats}, plus up to
     *                          {@code 2 × heartbeatInterval} until the check runs, plus a poll
     * @param threads           executions one node runs at once
     */
    public record Settings(Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats, int threads) {
        /** Polls every second; takes over a dead node's run 8–12 s after its last heartbeat. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), 4, 10);

        public Settings {
            Objects.requireNonNull(pollingInterval, "pollingInterval");
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            if (missedHeartbeats < 4) {
                throw new IllegalArgumentException("missedHeartbeats must be at least 4, not " + missedHeartbeats);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }

        /** How long after its last heartbeat a node's execution counts as dead. */
        public Duration deadAfter() {
            return heartbeatInterval.multipliedBy(missedHeartbeats);
        }
    }

    /**
     * @param paused whether schedules leave a pipeline alone for now
     */
    public ScheduleService(ServerDatabase database, PipelineCatalog pipelines, RunService runs, RunEvents events,
                           Predicate<String> paused, Clock clock, Settings settings, Duration shutdownTimeout) {
        this.pipelines = pipelines;
        this.events = events;
        this.paused = paused;
        this.clock = clock;
        this.settings = settings;
        this.node = nodeName();
        this.runner = new ScheduledRuns(runs, events, clock, node);
        this.scheduleTask = Tasks.custom(SCHEDULE_TASK, ScheduleState.class)
                .onDeadExecution(this::scheduleDied)
                .onFailure((complete, operations) -> operations.reschedule(complete, now().plus(BROKEN_WAIT)))
                .execute(this::executeSchedule);
        this.triggerTask = Tasks.custom(TRIGGER_TASK, TriggerState.class)
                .onDeadExecution(this::triggerDied)
                .onFailure((complete, operations) -> operations.reschedule(complete, now().plus(BROKEN_WAIT)))
                .execute(this::executeTrigger);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.scheduler = Scheduler.create(database.dataSource(), List.of(scheduleTask, triggerTask))
                .schedulerName(new SchedulerName.Fixed(node))
                .pollingInterval(settings.pollingInterval())
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .threads(settings.threads())
                .serializer(new JacksonSerializer(mapper))
                .enableImmediateExecution()
                .shutdownMaxWait(shutdownTimeout)
                .failureLogging(LogLevel.WARN, true)
                .build();
        LOG.info("Scheduler {} on the state store: polls every {} s; a node silent for {} s has its runs taken over",
                node, settings.pollingInterval().toMillis() / 1000.0, settings.deadAfter().toSeconds());
    }

    /** Starts polling, sets up every pipeline's schedule, and keeps them in step with the pipelines. */
    public void start() {
        scheduler.start();
        pipelines.onChange(this::sync);
        subscription = events.subscribe(this::onRunEvent);
        sync();
    }

    /** How this scheduler polls and notices dead nodes. */
    public Settings settings() {
        return settings;
    }

    /** Whether the scheduler polls: started and not stopping. */
    public boolean isRunning() {
        var state = scheduler.getSchedulerState();
        return state.isStarted() && !state.isShuttingDown();
    }

    /**
     * The scheduler lag: how late the latest execution this node picked started compared with the
     * time it was due (a regular time, a retry's time, or a trigger's). Zero before the first one.
     */
    public Duration schedulerLag() {
        return lag;
    }

    /** This node's name in the scheduler: host and process id. */
    public String node() {
        return node;
    }

    /**
     * Queues a run of {@code pipeline}, recorded with {@code trigger}; any node takes it at once, or
     * as soon as a run of the pipeline in progress has ended. Each call queues one run.
     */
    public Queued trigger(String pipeline, String trigger) {
        String id = pipeline + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Instant now = now();
        scheduler.schedule(triggerTask.instance(id, new TriggerState(pipeline, trigger, 0)), now);
        scheduler.triggerCheckForDueExecutions();
        LOG.info("Run of {} queued ({})", pipeline, trigger);
        return new Queued(id, pipeline, trigger, now);
    }

    /** A queued run: the id of its pending execution, and when it was queued. */
    public record Queued(String id, String pipeline, String trigger, Instant at) {
    }

    /** Every pipeline that has a schedule, by name, with its next regular time and queued runs. */
    public List<ScheduleView> schedules() {
        Map<String, ScheduledExecution<ScheduleState>> timed = new HashMap<>();
        scheduler.getScheduledExecutionsForTask(SCHEDULE_TASK, ScheduleState.class, ScheduledExecutionsFilter.all())
                .forEach(execution -> timed.put(execution.getTaskInstance().getId(), execution));
        Map<String, Integer> queued = new HashMap<>();
        scheduler.getScheduledExecutionsForTask(TRIGGER_TASK, TriggerState.class, ScheduledExecutionsFilter.all())
                .forEach(execution -> queued.merge(execution.getData().pipeline(), 1, Integer::sum));
        List<ScheduleView> views = new ArrayList<>();
        for (PipelineConfig config : pipelines.valid()) {
            ScheduleConfig schedule = config.schedule();
            if (!schedule.isTimed() && schedule.after().isEmpty()) {
                continue;
            }
            ScheduledExecution<ScheduleState> execution = timed.get(config.name());
            views.add(ScheduleView.of(config.name(), schedule, paused.test(config.name()),
                    execution == null ? null : execution.getExecutionTime(),
                    execution != null && execution.isPicked(),
                    execution == null || execution.getData() == null ? 0 : execution.getData().attempt(),
                    queued.getOrDefault(config.name(), 0)));
        }
        return views;
    }

    /**
     * Stops taking executions: runs this node's executions are waiting for are asked to stop at a
     * batch boundary, and their executions are left due now, for another node or the next start.
     */
    @Override
    public void close() {
        stopping = true;
        RunEvents.Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        runner.stop();
        scheduler.stop();
    }

    /** Brings the scheduled_tasks rows in step with the pipelines: new schedules, changed ones, removed ones. */
    private synchronized void sync() {
        if (stopping) {
            return;
        }
        try {
            Instant now = now();
            Map<String, ScheduledExecution<ScheduleState>> existing = new HashMap<>();
            scheduler.getScheduledExecutionsForTask(SCHEDULE_TASK, ScheduleState.class, ScheduledExecutionsFilter.all())
                    .forEach(execution -> existing.put(execution.getTaskInstance().getId(), execution));
            for (PipelineEntry entry : pipelines.list()) {
                if (!entry.isValid()) {
                    existing.remove(entry.name()); // kept while its file is being fixed
                    continue;
                }
                ScheduleConfig schedule = entry.config().schedule();
                if (!schedule.isTimed()) {
                    continue;
                }
                ScheduledExecution<ScheduleState> current = existing.remove(entry.name());
                String definition = ScheduleTimes.definition(schedule);
                Instant first = ScheduleTimes.first(schedule, now);
                if (current == null) {
                    if (scheduler.scheduleIfNotExists(scheduleTask.instance(entry.name(), ScheduleState.regular(first, definition)), first)) {
                        LOG.info("Schedule of {} set up ({}); first run due {}", entry.name(), definition, first);
                    }
                } else if (!current.isPicked() && (current.getData() == null || !current.getData().definition().equals(definition))) {
                    scheduler.reschedule(current.getTaskInstance(), first, ScheduleState.regular(first, definition));
                    LOG.info("Schedule of {} changed to {}; next run due {}", entry.name(), definition, first);
                }
            }
            for (ScheduledExecution<ScheduleState> gone : existing.values()) {
                if (!gone.isPicked()) {
                    scheduler.cancel(gone.getTaskInstance());
                    LOG.info("Schedule of {} removed", gone.getTaskInstance().getId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Schedules could not be brought in step with the pipelines; the next reload tries again", e);
        }
    }

    /** Queues the pipelines that run after one whose run just succeeded. */
    private void onRunEvent(RunEvent event) {
        if (!(event instanceof RunEvent.Finished finished) || finished.status() != RunStatus.SUCCEEDED || stopping
                || finished.isQuarantineRetry()) {
            return;
        }
        for (PipelineConfig downstream : pipelines.valid()) {
            if (!downstream.schedule().after().contains(finished.pipeline())) {
                continue;
            }
            if (paused.test(downstream.name())) {
                LOG.info("{} is paused: not run after {} succeeded", downstream.name(), finished.pipeline());
                continue;
            }
            trigger(downstream.name(), "after:" + finished.pipeline());
        }
    }

    private CompletionHandler<ScheduleState> executeSchedule(TaskInstance<ScheduleState> instance, ExecutionContext context) {
        Instant due = context.getExecution().getExecutionTime();
        Instant now = now();
        noteLag(due, now);
        String name = instance.getId();
        ScheduleState state = instance.getData();
        Optional<PipelineEntry> entry = pipelines.find(name);
        if (entry.isEmpty() || (entry.get().isValid() && !entry.get().config().schedule().isTimed())) {
            LOG.info("Schedule of {} removed: the pipeline {}", name, entry.isEmpty() ? "is gone" : "has no every: or cron: any more");
            return (complete, operations) -> operations.remove();
        }
        if (!entry.get().isValid()) {
            LOG.warn("Scheduled run of {} not started: its configuration has problems; looking again in {} s", name,
                    BROKEN_WAIT.toSeconds());
            return reschedule(now.plus(BROKEN_WAIT), state);
        }
        PipelineConfig config = entry.get().config();
        ScheduleConfig schedule = config.schedule();
        String definition = ScheduleTimes.definition(schedule);
        if (state == null || !state.definition().equals(definition)) {
            Instant first = ScheduleTimes.first(schedule, now);
            LOG.info("Schedule of {} changed to {}; next run due {}", name, definition, first);
            return reschedule(first, ScheduleState.regular(first, definition));
        }
        if (paused.test(name)) {
            Instant next = ScheduleTimes.nextRegular(schedule, state.regularDue(), now);
            LOG.info("{} is paused: scheduled run due {} not started; next due {}", name, due, next);
            return reschedule(next, ScheduleState.regular(next, definition));
        }
        ScheduleTimes.Decision decision = ScheduleTimes.onPick(schedule, state, due, now);
        if (decision instanceof ScheduleTimes.Skip skip) {
            LOG.info("Scheduled run of {} due {} was missed; catch_up: none, so the next run is due {}", name, due, skip.at());
            return reschedule(skip.at(), skip.state());
        }
        ScheduleTimes.Run run = (ScheduleTimes.Run) decision;
        if (run.state().catchUpsLeft() > state.catchUpsLeft()) {
            LOG.info("{} missed {} scheduled runs; catch_up: all runs each of them, one after another", name,
                    run.state().catchUpsLeft() + 1);
        }
        ScheduledRuns.Outcome outcome = runner.runAndWait(config, run.trigger(), run.state().regularDue().equals(due) ? "due " + due
                : "due " + due + ", regular time " + run.state().regularDue());
        return switch (outcome.kind()) {
            case BUSY -> reschedule(now.plus(BUSY_WAIT), run.state());
            case SHUTDOWN -> reschedule(now(), run.state());
            case SUCCEEDED, ENDED, FAILED -> {
                ScheduleTimes.Next next = ScheduleTimes.afterRun(schedule, run.state(), outcome.kind() == ScheduledRuns.Outcome.Kind.FAILED,
                        outcome.ended());
                if (outcome.kind() == ScheduledRuns.Outcome.Kind.FAILED) {
                    LOG.info("Scheduled run of {} failed; {}", name, next.state().attempt() > run.state().attempt()
                            ? "retry " + next.state().attempt() + " of " + schedule.retries() + " at " + next.at()
                            : "next regular run due " + next.at());
                }
                yield reschedule(next.at(), next.state());
            }
        };
    }

    private CompletionHandler<TriggerState> executeTrigger(TaskInstance<TriggerState> instance, ExecutionContext context) {
        Instant now = now();
        noteLag(context.getExecution().getExecutionTime(), now);
        TriggerState state = instance.getData();
        Optional<PipelineEntry> entry = pipelines.find(state.pipeline());
        if (entry.isEmpty() || !entry.get().isValid()) {
            LOG.warn("Queued run of {} ({}) dropped: the pipeline {}", state.pipeline(), state.trigger(),
                    entry.isEmpty() ? "is gone" : "has configuration problems");
            return (complete, operations) -> operations.remove();
        }
        if (paused.test(state.pipeline())) {
            LOG.info("Queued run of {} ({}) dropped: the pipeline is paused", state.pipeline(), state.trigger());
            return (complete, operations) -> operations.remove();
        }
        ScheduleConfig schedule = entry.get().config().schedule();
        ScheduledRuns.Outcome outcome = runner.runAndWait(entry.get().config(), state.attempt() > 0 ? "retry" : state.trigger(),
                "queued as " + instance.getId());
        return switch (outcome.kind()) {
            case BUSY -> reschedule(now.plus(BUSY_WAIT), state);
            case SHUTDOWN -> reschedule(now(), state);
            case FAILED -> {
                if (state.attempt() < schedule.retries()) {
                    Instant at = outcome.ended().plus(ScheduleTimes.retryDelay(schedule, state.attempt()));
                    LOG.info("Run of {} ({}) failed; retry {} of {} at {}", state.pipeline(), state.trigger(),
                            state.attempt() + 1, schedule.retries(), at);
                    yield reschedule(at, new TriggerState(state.pipeline(), state.trigger(), state.attempt() + 1));
                }
                yield (complete, operations) -> operations.remove();
            }
            case SUCCEEDED, ENDED -> (complete, operations) -> operations.remove();
        };
    }

    /** A node died while it ran this schedule's run: run it again here, now, as a retry. */
    private void scheduleDied(ExecutionComplete complete, ExecutionOperations<ScheduleState> operations) {
        var execution = complete.getExecution();
        ScheduleState state = (ScheduleState) execution.taskInstance.getData();
        LOG.warn("Node {} stopped sending heartbeats while running the schedule of {} (due {}); running it again",
                execution.pickedBy, execution.taskInstance.getId(), execution.getExecutionTime());
        ScheduleState retry = state == null ? null
                : new ScheduleState(state.regularDue(), state.attempt() + 1, state.catchUpsLeft(), state.definition());
        operations.reschedule(complete, now(), retry);
    }

    /** A node died while it ran this queued run: run it again here, now, as a retry. */
    private void triggerDied(ExecutionComplete complete, ExecutionOperations<TriggerState> operations) {
        var execution = complete.getExecution();
        TriggerState state = (TriggerState) execution.taskInstance.getData();
        LOG.warn("Node {} stopped sending heartbeats while running a queued run of {} ({}); running it again",
                execution.pickedBy, state.pipeline(), state.trigger());
        operations.reschedule(complete, now(), new TriggerState(state.pipeline(), state.trigger(), state.attempt() + 1));
    }

    /** The time in whole milliseconds, as both SQLite and PostgreSQL keep it, so stored times compare equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> CompletionHandler<T> reschedule(Instant at, T data) {
        return (complete, operations) -> operations.reschedule(complete, at, data);
    }

    private void noteLag(Instant due, Instant now) {
        lag = now.isAfter(due) ? Duration.between(due, now) : Duration.ZERO;
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String name = host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
        return name.length() <= 50 ? name : name.substring(name.length() - 50);
    }

    /** For tests: the instance id of a pipeline's timed schedule. */
    static TaskInstanceId scheduleId(String pipeline) {
        return TaskInstanceId.of(SCHEDULE_TASK, pipeline);
    }

    /** For tests: the scheduler, to move an execution as a long stop of every node would have left it. */
    Scheduler scheduler() {
        return scheduler;
    }
}

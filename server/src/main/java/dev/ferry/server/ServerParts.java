package dev.ferry.server;

import dev.ferry.engine.state.StateStore;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.TokenService;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.metrics.MetricsService;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelineStore;
import dev.ferry.server.runs.RunEvents;
import dev.ferry.server.runs.RunFollowers;
import dev.ferry.server.runs.RunService;
import dev.ferry.server.schedule.ScheduleService;
import dev.ferry.server.store.ServerDatabase;
import dev.ferry.server.store.Sql;

/**
 * The services a running server is made of, wired once by {@link FerryServer#start}; routes and
 * listeners take the ones they need from here. None is null.
 *
 * @param history       the engine's state store, for reading run history (runs write through stores of their own)
 * @param pipelineStore pipelines stored through the API, and pauses
 * @param followers     the live streams that follow runs (the API's log, the dashboard's run page)
 * @param connections   the stored connections and their secrets
 * @param schedules     the scheduler: timed runs, runs after others, queued triggers
 * @param metrics       the Prometheus registry and what feeds it
 */
public record ServerParts(ServerSettings settings, ServerDatabase database, Sql sql, StateStore history,
                          RunEvents events, RunService runs, PipelineCatalog pipelines, TokenService tokens,
                          AuditLog audit, PipelineStore pipelineStore, RunFollowers followers,
                          ConnectionService connections, ScheduleService schedules, MetricsService metrics) {
}

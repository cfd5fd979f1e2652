package dev.ferry.testkit.saas.powerbi;

import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.SaasFake;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake Power BI REST API (dataset queries and push datasets) on 127.0.0.1, for tests and
 * benchmarks of connectors that read datasets with DAX or push rows into them.
 *
 * <p>Follows the documented facts (learn.microsoft.com: Datasets - Execute Queries, push datasets
 * limitations): {@code POST /v1.0/myorg/datasets/{id}/executeQueries} and its
 * {@code /groups/{groupId}/} form answering {@code {results: [{tables: [{rows}]}]}} with columns
 * named {@code Table[Column]}; one query and one table per call; at most 100,000 rows or 1,000,000
 * values per query, beyond which the answer is HTTP 200 with the rows cut and an error naming the
 * limit; 120 query requests per minute per user, 429 with {@code Retry-After}; {@code POST
 * .../datasets/{id}/tables/{table}/rows} with at most 10,000 rows, 1,000,000 rows per hour and 120
 * requests per minute per dataset; bearer tokens.
 *
 * <p>The fake does not parse DAX: a test registers the rows an exact query text answers
 * ({@link #answerQuery}), or puts rows in a table that {@code EVALUATE 'Table'}, {@code TOPN} and a
 * simple {@code FILTER} read (see {@link DaxQuery}). Pushed rows land in the same tables. Choices
 * where the documentation is silent, each marked UNCONFIRMED in its class: where and with which
 * code the cut is signalled, the error bodies, the 401 body, what a push over a limit answers.
 *
 * <p>Its {@link #baseUrl()} stands for {@code https://api.powerbi.com}; routes start with {@code /v1.0/myorg}.
 */
public final class FakePowerBi extends SaasFake {

    public static final String DEFAULT_USER = "fake.user@example.com";

    private final Clock clock;
    private final Map<String, PowerBiDataset> datasets = new ConcurrentHashMap<>();
    private final PowerBiTokens tokens = new PowerBiTokens();
    private final AtomicReference<PowerBiLimits> limits = new AtomicReference<>();
    private final String accessToken = "powerbi-access-" + randomHex();
    private final FakeHttpServer server;

    private FakePowerBi(int port, Clock clock) {
        this.clock = clock;
        limits.set(PowerBiLimits.documented(clock));
        tokens.register(accessToken, DEFAULT_USER);
        QueryRoute queries = new QueryRoute(datasets, tokens, limits::get);
        PushRoute push = new PushRoute(datasets, limits::get);
        server = new FakeHttpServer(port, "", new FakeHttpServer.Routes()
                .add("POST", "/v1.0/myorg/datasets/{datasetId}/executeQueries", queries::execute)
                .add("POST", "/v1.0/myorg/groups/{groupId}/datasets/{datasetId}/executeQueries", queries::execute)
                .add("POST", "/v1.0/myorg/datasets/{datasetId}/tables/{tableName}/rows", push::push)
                .add("POST", "/v1.0/myorg/groups/{groupId}/datasets/{datasetId}/tables/{tableName}/rows", push::push)
                .add("DELETE", "/v1.0/myorg/datasets/{datasetId}/tables/{tableName}/rows", push::clear)
                .add("DELETE", "/v1.0/myorg/groups/{groupId}/datasets/{datasetId}/tables/{tableName}/rows", push::clear)
                .list(), (request, headers) -> tokens.userOf(request.header("Authorization")), PowerBiErrors::error, clock,
                this::stats);
    }

    public static FakePowerBi start() {
        return start(0, Clock.systemUTC());
    }

    /** On this loopback port (0: a free one), with this clock for the rate limits. */
    public static FakePowerBi start(int port, Clock clock) {
        return new FakePowerBi(port, clock);
    }

    @Override
    protected FakeHttpServer server() {
        return server;
    }

    // ---- tokens

    /** A token of {@link #DEFAULT_USER}, valid until a test expires it. */
    public String accessToken() {
        return accessToken;
    }

    /** Accepts a token for a user; the query limit is counted per user. */
    public void registerToken(String token, String user) {
        tokens.register(token, user);
    }

    public void expireToken(String token) {
        tokens.expire(token);
    }

    // ---- datasets

    /** A dataset in My workspace ({@code groupId} null) or a group, queried only. */
    public void addDataset(String groupId, String datasetId) {
        datasets.put(datasetId, new PowerBiDataset(datasetId, groupId, false, java.util.Set.of()));
    }

    /** A push dataset with the tables it declares, which take rows. */
    public void addPushDataset(String groupId, String datasetId, String... tables) {
        datasets.put(datasetId, new PowerBiDataset(datasetId, groupId, true, new LinkedHashSet<>(List.of(tables))));
    }

    /** Replaces a table's rows (plain column names, e.g. {@code {"Id": 1, "Name": "A"}}). */
    public void putTable(String datasetId, String table, List<Map<String, Object>> rows) {
        dataset(datasetId).putTable(table, rows);
    }

    /**
     * {@code count} rows with the columns {@code Id} (1…count), {@code Name} ({@code Row <i>}) and
     * {@code ModifiedAt} (an ISO date and time one second apart from 2026-01-01T00:00:00Z), so a
     * FILTER on {@code ModifiedAt} can read a window.
     */
    public void generateTable(String datasetId, String table, int count) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 1; i <= count; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Id", i);
            row.put("Name", "Row " + i);
            row.put("ModifiedAt", start.plusSeconds(i).toString());
            rows.add(row);
        }
        putTable(datasetId, table, rows);
    }

    /** The rows an exact query text answers (whitespace runs ignored), keys as the answer names them ({@code "T[Col]"}). */
    public void answerQuery(String datasetId, String query, List<Map<String, Object>> rows) {
        dataset(datasetId).answer(query, rows);
    }

    /** A table's rows, pushed ones included, in the order stored. */
    public List<Map<String, Object>> rows(String datasetId, String table) {
        List<Map<String, Object>> rows = dataset(datasetId).rows(table);
        if (rows == null) {
            throw new IllegalArgumentException("The fake Power BI dataset " + datasetId + " has no table " + table);
        }
        return rows;
    }

    private PowerBiDataset dataset(String datasetId) {
        PowerBiDataset dataset = datasets.get(datasetId);
        if (dataset == null) {
            throw new IllegalArgumentException("The fake Power BI has no dataset " + datasetId);
        }
        return dataset;
    }

    // ---- limits, faults, requests

    /** Replaces the documented limits (see {@link PowerBiLimits}) with smaller ones, and forgets the counts so far. */
    public void setLimits(int maxQueryRows, int maxQueryValues, int queriesPerMinute, int maxRowsPerPush,
                          int pushCallsPerMinute, long pushRowsPerHour) {
        limits.set(PowerBiLimits.of(maxQueryRows, maxQueryValues, queriesPerMinute, maxRowsPerPush, pushCallsPerMinute,
                pushRowsPerHour, clock));
    }

    /** Rows accepted by push requests in all. */
    public long pushedRows() {
        return limits.get().pushRows().rows();
    }

    /** Query requests over the per-user limit (each answered 429). */
    public long queryViolations() {
        return limits.get().queries().violations();
    }

    /** Push requests over the per-dataset calls or rows limit (each answered 429). */
    public long pushViolations() {
        return limits.get().pushCalls().violations() + limits.get().pushRows().violations();
    }

    public long violations() {
        return limits.get().violations();
    }

    private Object stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("datasets", datasets.size());
        stats.put("pushedRows", pushedRows());
        stats.put("violations", violations());
        stats.put("requestsByRoute", requestCounts());
        return stats;
    }
}

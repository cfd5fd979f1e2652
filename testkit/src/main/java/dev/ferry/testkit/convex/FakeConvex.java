package dev.ferry.testkit.convex;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake Convex deployment on 127.0.0.1 and a free port, for tests and benchmarks. See the
 * package documentation for what it models. Start one per test class, change its data between
 * runs with {@link #insert}, {@link #replace}, {@link #delete}, read it back with
 * {@link #documents}, and arm faults with {@link #injectFault}.
 */
public final class FakeConvex implements AutoCloseable {

    private final ConvexStore store = new ConvexStore();
    private final DeployKeys keys = new DeployKeys();
    private final FaultInjector faults = new FaultInjector();
    private final ImportState importState = new ImportState();
    private final Map<String, FunctionRoute.Registered> functions = new ConcurrentHashMap<>();
    private final String deployKey;
    private volatile String mutationAuthKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;

    private FakeConvex(int port) throws IOException {
        deployKey = "prod:fake-convex|" + randomHex();
        mutationAuthKey = "sync-" + randomHex();
        keys.add(deployKey, EnumSet.allOf(Permission.class));
        SyncBatchFunctions sync = new SyncBatchFunctions(() -> mutationAuthKey);
        registerMutation(SyncBatchFunctions.UPSERT, sync::upsert);
        registerMutation(SyncBatchFunctions.DELETE, sync::delete);
        router = new Router(routes(), new FunctionRoute(store, functions, null), keys, faults);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", router);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake deployment with one deploy key that has every permission. */
    public static FakeConvex start() {
        return start(0);
    }

    /** Starts a fake deployment on this loopback port (0: a free one), as {@link FakeConvexServer} does. */
    public static FakeConvex start(int port) {
        try {
            return new FakeConvex(port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the fake Convex deployment on 127.0.0.1:" + port, e);
        }
    }

    private Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("/api/json_schemas", new JsonSchemasRoute(store));
        routes.put("/api/list_snapshot", new ListSnapshotRoute(store));
        routes.put("/api/document_deltas", new DocumentDeltasRoute(store));
        routes.put("/api/test_streaming_export_connection", new TestConnectionRoute("fake-convex"));
        routes.put("/api/get_table_column_names", new TableColumnNamesRoute(store));
        String imports = "/api/streaming_import/";
        routes.put(imports + "import_airbyte_records", new ImportAirbyteRecordsRoute(store, importState));
        routes.put(imports + "clear_tables", new ClearTablesRoute(store));
        routes.put(imports + "add_primary_key_indexes", new AddPrimaryKeyIndexesRoute(store, importState));
        routes.put(imports + "primary_key_indexes_ready", new PrimaryKeyIndexesReadyRoute(importState));
        routes.put(imports + "get_schema", new GetSchemaRoute(store));
        routes.put(imports + "replace_tables", new ReplaceTablesRoute());
        routes.put(FunctionKind.QUERY.route(), new FunctionRoute(store, functions, FunctionKind.QUERY));
        routes.put(FunctionKind.MUTATION.route(), new FunctionRoute(store, functions, FunctionKind.MUTATION));
        return routes;
    }

    /** The deployment URL, e.g. {@code http://127.0.0.1:40123}, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The deploy key created at start, with every permission. */
    public String deployKey() {
        return deployKey;
    }

    /** Accepts another deploy key with only these permissions (none: a key that may do nothing). */
    public void addDeployKey(String key, Permission... permissions) {
        keys.add(key, permissions.length == 0 ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(List.of(permissions)));
    }

    /** The {@code authKey} argument the built-in {@code sync:*} mutations accept. */
    public String mutationAuthKey() {
        return mutationAuthKey;
    }

    /** Changes the accepted {@code authKey}; null or empty stands for an unset {@code FERRY_SYNC_AUTH_KEY}, which refuses every call. */
    public void setMutationAuthKey(String key) {
        this.mutationAuthKey = key;
    }

    public void registerQuery(String path, FunctionHandler handler) {
        functions.put(path, new FunctionRoute.Registered(FunctionKind.QUERY, handler));
    }

    public void registerMutation(String path, FunctionHandler handler) {
        functions.put(path, new FunctionRoute.Registered(FunctionKind.MUTATION, handler));
    }

    /** The data itself, for reads by snapshot timestamp or key. */
    public ConvexStore store() {
        return store;
    }

    public void createTable(String table) {
        store.createTable(table);
    }

    /** Inserts a document (one commit) and returns its new id. */
    public String insert(String table, ConvexValue.Obj fields) {
        synchronized (store) {
            String id = store.newId();
            store.commit(List.of(Write.upsert(table, id, fields)));
            return id;
        }
    }

    /** Replaces a document's fields whole (one commit); it must exist. */
    public void replace(String table, String id, ConvexValue.Obj fields) {
        synchronized (store) {
            requireLive(table, id);
            store.commit(List.of(Write.upsert(table, id, fields)));
        }
    }

    /** Sets some fields of a document, keeping the others (one commit). */
    public void patch(String table, String id, ConvexValue.Obj changes) {
        synchronized (store) {
            Map<String, ConvexValue> merged = new LinkedHashMap<>(requireLive(table, id).fields().fields());
            merged.putAll(changes.fields());
            store.commit(List.of(Write.upsert(table, id, ConvexValue.object(merged))));
        }
    }

    /** Deletes a document (one commit); it must exist. */
    public void delete(String table, String id) {
        synchronized (store) {
            requireLive(table, id);
            store.commit(List.of(Write.delete(table, id)));
        }
    }

    private StoredDocument requireLive(String table, String id) {
        StoredDocument document = store.get(table, id);
        if (document == null) {
            throw new IllegalArgumentException("No document " + id + " in table " + table + " of the fake Convex deployment");
        }
        return document;
    }

    /** The live documents of a table, in id order. */
    public List<StoredDocument> documents(String table) {
        return store.documents(table);
    }

    public List<String> tableNames() {
        return store.tableNames();
    }

    /** Arms a fault for the next matching requests; faults are used in the order armed. */
    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** How many {@code primary_key_indexes_ready} polls answer false after each {@code add_primary_key_indexes} (default 2). */
    public void setIndexesNotReadyPolls(int polls) {
        importState.setNotReadyPollsAfterAdd(polls);
    }

    /** Every request received so far, in the order answered. */
    public List<RecordedRequest> requests() {
        return List.copyOf(router.log());
    }

    public long requestCount(String path) {
        return router.log().stream().filter(request -> request.path().equals(path)).count();
    }

    public void clearRequests() {
        router.log().clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

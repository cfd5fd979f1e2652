package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;

import java.util.Locale;

/**
 * A Convex deployment written one of two ways, as the connection's {@link WriteSettings} say:
 * <ul>
 *   <li>the streaming import API, with a deploy key that may import ({@link ConvexImportWriter}
 *       says what the API allows): opening a stream refuses deletes (the import API cannot delete
 *       documents), and for a stream with a key makes the table's primary-key index and waits until
 *       it is ready ({@link PrimaryKeyIndexes});</li>
 *   <li>the user's own mutations ({@link ConvexMutationWriter}), which upsert and delete by one key
 *       field, so a stream needs a key of one column; removing documents the source no longer has
 *       reads the table's keys through the export API, so that needs the deploy key as well.</li>
 * </ul>
 * Either way, opening a stream first checks its table and field names ({@link ConvexNames}).
 */
final class ConvexDestination implements Destination {
    static final String GET_SCHEMA = "/api/streaming_import/get_schema";
    /** The table named in {@link #check()}'s calls, which carry no records and so touch no table. */
    private static final String CHECK_TABLE = "ferry_check";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionSpec spec;
    private final ConvexApi api;
    private final ImportSettings settings;
    private final WriteSettings writes;
    private final ConvexApi.Pause pause;

    ConvexDestination(ConnectionSpec spec, ConvexApi api, ImportSettings settings, WriteSettings writes,
                      ConvexApi.Pause pause) {
        this.spec = spec;
        this.api = api;
        this.settings = settings;
        this.writes = writes;
        this.pause = pause;
    }

    /**
     * The import path reads the import API's schema list, which needs a key with the import
     * permission; the mutation path calls both functions with nothing to write, which proves they
     * are deployed and take the auth key.
     */
    @Override
    public void check() {
        if (!writes.mutation()) {
            api.send("GET", GET_SCHEMA, null, ConvexApi.Retry.ALWAYS);
            return;
        }
        MutationSettings functions = writes.functions();
        checkFunction(functions.upsertFunction(), "records", functions);
        checkFunction(functions.deleteFunction(), "keys", functions);
    }

    private void checkFunction(String function, String arrayName, MutationSettings functions) {
        ObjectNode body = JSON.createObjectNode().put("path", function).put("format", "json");
        ObjectNode args = body.putObject("args").put("authKey", functions.authKey()).put("table", CHECK_TABLE)
                .put("keyField", "id");
        args.putArray(arrayName);
        try {
            FunctionCall.run(api, function, JsonBytes.of(body), functions.authKey());
        } catch (FunctionCall.Failed e) {
            throw new FerryException("Convex connection " + spec.name() + " (" + spec.shownUrl() + "): " + e.getMessage()
                    + (e.isUnauthorized() ? "; the connection's auth_key must equal the deployment's FERRY_SYNC_AUTH_KEY"
                    : "; the mutation path needs the shipped sync.ts (or your own functions named by upsert_function "
                    + "and delete_function) deployed"));
        }
    }

    @Override
    public void checkCanHold(String table, StreamSchema schema) {
        ConvexNames.check(table, schema, spec.name());
        if (writes.mutation()) {
            requireOneKeyColumn(table, schema);
        }
    }

    @Override
    public StreamWriter open(WriteRequest request) {
        String table = request.table();
        ConvexNames.check(table, request.schema(), spec.name());
        if (writes.mutation()) {
            return openMutation(request);
        }
        if (request.deletes() != DeletePolicy.NONE) {
            throw new FerryException(where(table) + ": deletes: " + request.deletes().name().toLowerCase(Locale.ROOT)
                    + " needs documents deleted, which Convex's streaming import cannot do; deletes need the mutation path "
                    + "(properties: write: mutation)");
        }
        if (request.schema().hasKey()) {
            PrimaryKeyIndexes.ensure(api, spec.name(), table, request.schema(), settings, pause);
        }
        return new ConvexImportWriter(api, spec.name(), table, request.schema(), request.mode(), settings);
    }

    private StreamWriter openMutation(WriteRequest request) {
        String table = request.table();
        requireOneKeyColumn(table, request.schema());
        boolean tracksKeys = request.deletes() != DeletePolicy.NONE || request.mode() == WriteMode.OVERWRITE;
        if (request.deletes() == DeletePolicy.SOFT) {
            throw new FerryException(where(table) + ": deletes: soft is not available with write: mutation, whose "
                    + "functions delete documents; use deletes: hard, or none");
        }
        if (tracksKeys && !api.hasDeployKey()) {
            throw new FerryException(where(table) + ": " + (request.mode() == WriteMode.OVERWRITE ? "write: overwrite"
                    : "deletes: hard") + " removes documents the source no longer has, which needs the table's keys read "
                    + "through the export API: give the connection its deploy key (deploy_key: ${env:NAME}) as well");
        }
        return new ConvexMutationWriter(api, spec.name(), table, request.schema(), request.mode(), tracksKeys,
                writes.functions());
    }

    private void requireOneKeyColumn(String table, StreamSchema schema) {
        if (schema.keyColumns().size() != 1) {
            throw new FerryException(where(table) + ": write: mutation upserts and deletes by one key field, through "
                    + "an index on it; " + (schema.hasKey() ? "this stream's key has " + schema.keyColumns().size()
                    + " columns (" + String.join(", ", schema.keyColumns()) + ")" : "this stream has no key")
                    + ": give it key: [column] with one column whose values are unique");
        }
    }

    private String where(String table) {
        return "Convex connection " + spec.name() + ", table " + table;
    }

    @Override
    public void close() {
    }
}

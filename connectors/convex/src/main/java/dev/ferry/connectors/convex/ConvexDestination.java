package dev.ferry.connectors.convex;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteRequest;

/**
 * A Convex deployment written through its streaming import API, with a deploy key that may import
 * ({@link ConvexImportWriter} says what the API allows). Opening a stream checks its table and
 * field names ({@link ConvexNames}), refuses {@code deletes: hard|soft} (the import API cannot
 * delete documents), and for a stream with a key makes the table's primary-key index and waits
 * until it is ready ({@link PrimaryKeyIndexes}).
 */
final class ConvexDestination implements Destination {
    static final String GET_SCHEMA = "/api/streaming_import/get_schema";

    private final ConnectionSpec spec;
    private final ConvexApi api;
    private final ImportSettings settings;
    private final ConvexApi.Pause pause;

    ConvexDestination(ConnectionSpec spec, ConvexApi api, ImportSettings settings, ConvexApi.Pause pause) {
        this.spec = spec;
        this.api = api;
        this.settings = settings;
        this.pause = pause;
    }

    /** Reads the import API's schema list, which needs a key with the import permission. */
    @Override
    public void check() {
        api.send("GET", GET_SCHEMA, null, ConvexApi.Retry.ALWAYS);
    }

    @Override
    public void checkCanHold(String table, StreamSchema schema) {
        ConvexNames.check(table, schema, spec.name());
    }

    @Override
    public StreamWriter open(WriteRequest request) {
        String table = request.table();
        ConvexNames.check(table, request.schema(), spec.name());
        if (request.deletes() != DeletePolicy.NONE) {
            throw new FerryException("Convex connection " + spec.name() + ", table " + table + ": deletes: "
                    + request.deletes().name().toLowerCase(java.util.Locale.ROOT) + " needs documents deleted, which "
                    + "Convex's streaming import cannot do; deletes need the mutation path (write: mutation, to come)");
        }
        if (request.schema().hasKey()) {
            PrimaryKeyIndexes.ensure(api, spec.name(), table, request.schema(), settings, pause);
        }
        return new ConvexImportWriter(api, spec.name(), table, request.schema(), request.mode(), settings);
    }

    @Override
    public void close() {
    }
}

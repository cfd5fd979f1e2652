package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

/**
 * The tables a run's lookups read through its connections, each read once however many lookups,
 * streams and retries bind it. Implementations are thread-safe: streams may bind in parallel.
 */
public interface LookupTables {

    /** None: where no connection is open, such as a chain bound on its own. */
    LookupTables NONE = source -> {
        throw new TransformDefinitionException(source.describe() + ": a table lookup reads its table through the"
                + " pipeline's connections, which only a run or a preview of the pipeline opens; this binding has none");
    };

    /**
     * The table of {@code source}, read on first use in the run.
     *
     * @throws TransformDefinitionException when the table cannot be a lookup (named with its connection)
     * @throws dev.ferry.api.FerryException when it cannot be read, retriable when a retry may read it
     */
    TableMapping get(TableLookupSource source);
}

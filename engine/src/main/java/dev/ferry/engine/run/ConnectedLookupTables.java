package dev.ferry.engine.run;

import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;
import dev.ferry.api.Source;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.lookup.LookupTables;
import dev.ferry.engine.transform.lookup.TableLookupSource;
import dev.ferry.engine.transform.lookup.TableMapping;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The lookup tables of one run or preview, read through the pipeline's connections by the connector
 * each names, each table once: streams that look up in the same table (same connection, table and
 * columns) and the retries of a stream share one read. Create one per run, so the next run reads
 * the tables afresh.
 *
 * <p>A table that cannot be read is not remembered, so a retry reads it again. Its failure names the
 * table and the connection, never the connection's URL or secrets; a failure the connector calls
 * retriable stays retriable, so the stream is retried like any read.
 *
 * <p>Thread-safe: streams running in parallel wait for a table another one is reading, and read
 * different tables at once.
 */
public final class ConnectedLookupTables implements LookupTables {
    private final ConnectorRegistry connectors;
    private final Map<String, ConnectionConfig> connections;
    private final int batchSize;
    private final boolean rowsRead;
    private final ConcurrentMap<TableLookupSource, OneTable> tables = new ConcurrentHashMap<>();

    private ConnectedLookupTables(ConnectorRegistry connectors, PipelineConfig pipeline, boolean rowsRead) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.connections = Objects.requireNonNull(pipeline, "pipeline").connections();
        this.batchSize = pipeline.batchSize();
        this.rowsRead = rowsRead;
    }

    /** The tables of one run of {@code pipeline}, read whole. */
    public static ConnectedLookupTables forRun(ConnectorRegistry connectors, PipelineConfig pipeline) {
        return new ConnectedLookupTables(connectors, pipeline, true);
    }

    /**
     * The tables described but not read ({@link TableMapping#describeOnly}): binding checks every name
     * and type, and no row is read, for a check of the pipeline against its databases.
     */
    public static ConnectedLookupTables describedOnly(ConnectorRegistry connectors, PipelineConfig pipeline) {
        return new ConnectedLookupTables(connectors, pipeline, false);
    }

    @Override
    public TableMapping get(TableLookupSource source) {
        OneTable table = tables.computeIfAbsent(source, OneTable::new);
        try {
            return table.get();
        } catch (RuntimeException e) {
            tables.remove(source, table);
            throw e;
        }
    }

    private TableMapping read(TableLookupSource source) {
        ConnectionConfig connection = connections.get(source.connection());
        if (connection == null) {
            throw new TransformDefinitionException(source.describe() + ": the pipeline has no connection named "
                    + source.connection() + "; its connections are " + connections.keySet());
        }
        try (Source reader = connectors.openSource(connection)) {
            return rowsRead ? TableMapping.read(source, reader, batchSize) : TableMapping.describeOnly(source, reader);
        } catch (TransformDefinitionException e) {
            throw e;
        } catch (FerryException e) {
            String message = source.describe() + " cannot be read: " + e.getMessage();
            throw e.isRetriable() ? new RetriableException(message, e) : new TransformDefinitionException(message, e);
        }
    }

    /** One table, read by the first stream that needs it while the others wait. */
    private final class OneTable {
        private final TableLookupSource source;
        private TableMapping mapping;

        OneTable(TableLookupSource source) {
            this.source = source;
        }

        synchronized TableMapping get() {
            if (mapping == null) {
                mapping = read(source);
            }
            return mapping;
        }
    }
}

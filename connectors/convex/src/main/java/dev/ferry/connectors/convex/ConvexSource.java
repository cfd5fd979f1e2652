package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Convex deployment read through its streaming export API: one stream per table, the columns of
 * {@link SchemaColumns}, a first read through {@code list_snapshot} and later ones through
 * {@code document_deltas} ({@link ExportReader}). A stream that asks for {@code flatten: true} has each
 * field holding an object of known properties read as one column per property, {@code field_property}
 * ({@link DocumentColumns} gives the rules); {@link #discover} always lists the tables' fields as they are.
 */
final class ConvexSource implements Source {
    static final String JSON_SCHEMAS = "/api/json_schemas";
    static final String TEST_CONNECTION = "/api/test_streaming_export_connection";
    static final String LIST_SNAPSHOT = "/api/list_snapshot";
    static final String DOCUMENT_DELTAS = "/api/document_deltas";

    private final ConnectionSpec spec;
    private final ConvexApi api;

    ConvexSource(ConnectionSpec spec, ConvexApi api) {
        this.spec = spec;
        this.api = api;
    }

    static ConvexApi api(ConnectionSpec spec, String baseUrl) {
        return new ConvexApi(spec, baseUrl, RetryPolicy.DEFAULT, ConvexApi.REQUEST_TIMEOUT, ConvexApi.Pause.CANCELLABLE);
    }

    /** Calls the export API's connection test, which proves the URL, the key and its permission to export. */
    @Override
    public void check() {
        api.get(TEST_CONNECTION, Map.of());
    }

    @Override
    public List<DiscoveredStream> discover() {
        List<DiscoveredStream> streams = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = jsonSchemas().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            streams.add(new DiscoveredStream(table.getKey(), DiscoveredStream.Kind.TABLE, schemaOf(table.getKey(), table.getValue())));
        }
        return streams;
    }

    /** With {@link StreamRef#flattenObjects()}, the columns of the flattened objects (see {@link DocumentColumns}). */
    @Override
    public StreamSchema describe(StreamRef stream, List<String> columns) {
        return select(tableColumns(stream).schema(), stream, columns);
    }

    /** The streaming export is a change log: a snapshot, then every change after it, deletes included. */
    @Override
    public boolean readsChanges() {
        return true;
    }

    /** Nested objects with known properties become one column per property; see {@link DocumentColumns}. */
    @Override
    public boolean flattensObjects() {
        return true;
    }

    @Override
    public StreamReader open(ReadRequest request) {
        StreamRef stream = request.stream();
        String where = "stream " + stream.name() + " (Convex table " + stream.object() + ") of connection " + spec.name();
        if (request.cursorColumn() != null) {
            throw new FerryException(where + ": Convex tables are read from the export's own log of changes, not by a cursor "
                    + "column; use sync: changes without cursor (" + request.cursorColumn() + ")");
        }
        ExportPosition resume = request.resumeFrom() == null ? null : ExportPosition.of(request.resumeFrom(), where);
        DocumentColumns all = tableColumns(stream);
        StreamSchema selected = select(all.schema(), stream, request.columns());
        return new ExportReader(api, stream.object(), where, all, selected, resume, request.batchSize(), request.batchBytes());
    }

    private DocumentColumns tableColumns(StreamRef stream) {
        if (stream.object() == null) {
            throw new FerryException("Stream " + stream.name() + " of Convex connection " + spec.name()
                    + ": Convex has no queries; give the table to read");
        }
        JsonNode schemas = jsonSchemas();
        JsonNode schema = schemas.get(stream.object());
        if (schema == null) {
            List<String> tables = new ArrayList<>();
            schemas.fieldNames().forEachRemaining(tables::add);
            throw new FerryException("Stream " + stream.name() + ": Convex connection " + spec.name() + " has no table "
                    + stream.object() + "; its tables are " + tables);
        }
        StreamSchema plain = schemaOf(stream.object(), schema).withName(stream.name());
        if (!stream.flattenObjects() || SchemaColumns.isUnknown(schema)) {
            return DocumentColumns.asIs(plain);
        }
        return DocumentColumns.flattened(plain, schema, "Stream " + stream.name() + " (Convex table " + stream.object()
                + " of connection " + spec.name() + ")");
    }

    private JsonNode jsonSchemas() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("deltaSchema", "true");
        params.put("format", "json");
        JsonNode schemas = api.get(JSON_SCHEMAS, params);
        if (!schemas.isObject()) {
            throw new FerryException("Convex connection " + spec.name() + ": json_schemas answered " + schemas.getNodeType()
                    + ", not a map of table names to schemas");
        }
        return schemas;
    }

    /** The table's columns from its schema, or from its first snapshot page when the schema is empty. */
    private StreamSchema schemaOf(String table, JsonNode schema) {
        if (!SchemaColumns.isUnknown(schema)) {
            return SchemaColumns.fromJsonSchema(table, schema);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tableName", table);
        params.put("format", ExportReader.DECODER.formatName());
        JsonNode page = api.get(LIST_SNAPSHOT, params);
        JsonNode values = page.path("values");
        return SnapshotInference.infer(table, values.isArray() ? values : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
    }

    /** The columns asked for, in that order; {@code _id}, the key, must be among them. */
    private StreamSchema select(StreamSchema all, StreamRef stream, List<String> columns) {
        if (columns.isEmpty()) {
            return all;
        }
        List<Column> selected = new ArrayList<>();
        for (String name : columns) {
            int index = all.indexOf(name);
            if (index < 0) {
                throw new FerryException("Stream " + stream.name() + ": Convex table " + stream.object() + " of connection "
                        + spec.name() + " has no field " + name + "; its columns are " + all.columnNames());
            }
            selected.add(all.columns().get(index));
        }
        if (!columns.contains(SchemaColumns.ID)) {
            throw new FerryException("Stream " + stream.name() + ": the selected columns must include _id, the key of every "
                    + "Convex document, which updates and deletes are matched by");
        }
        return new StreamSchema(all.name(), selected, List.of(SchemaColumns.ID));
    }

    @Override
    public void close() {
        // the HTTP client holds no connection between requests worth closing
    }
}

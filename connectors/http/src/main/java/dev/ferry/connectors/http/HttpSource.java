package dev.ferry.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.Column;
import dev.ferry.api.ConnectorLog;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.http.call.ApiClient;
import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.FieldDefinition;
import dev.ferry.connectors.http.definition.StreamDefinition;
import dev.ferry.connectors.http.records.SchemaInference;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An API read through its definition: each definition stream is a stream a pipeline names in
 * {@code table:}. Calls share the provider account's limits with every other read of it.
 */
final class HttpSource implements Source {
    /** Records sampled to infer the columns of a stream that declares none: its first page or so. */
    static final int SAMPLE = 100;

    private final ApiDefinition definition;
    private final ConnectionSettings settings;
    private final ApiClient client;
    private final ApiConnection connection;
    private final Clock clock;
    private final Map<String, List<FieldDefinition>> inferred = new ConcurrentHashMap<>();

    HttpSource(ApiConnection connection, Clock clock) {
        this.definition = connection.definition();
        this.settings = connection.settings();
        this.client = connection.client();
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public void check() {
        if (connection.checkPath()) {
            return;
        }
        StreamDefinition first = definition.streams().stream().filter(stream -> stream.parent() == null).findFirst()
                .orElseThrow(() -> new FerryException("API definition " + definition.provider() + " has no stream to read"));
        records(first, ConnectorLog.NONE, Scope.of(settings)).next();
    }

    @Override
    public List<DiscoveredStream> discover() {
        List<DiscoveredStream> streams = new ArrayList<>();
        for (StreamDefinition stream : definition.streams()) {
            streams.add(new DiscoveredStream(stream.name(), DiscoveredStream.Kind.OBJECT,
                    schema(stream, StreamRef.ofObject(stream.name(), stream.name()))));
        }
        return streams;
    }

    @Override
    public StreamSchema describe(StreamRef stream, List<String> columns) {
        StreamDefinition definitionStream = stream(stream);
        StreamSchema all = schema(definitionStream, stream);
        List<StreamColumns.Source> selected = StreamColumns.selected(allColumns(definitionStream), columns, stream.name());
        return new StreamSchema(stream.name(), selected.stream().map(StreamColumns.Source::column).toList(),
                all.keyColumns().stream().filter(key -> columns.isEmpty() || columns.contains(key)).toList());
    }

    @Override
    public StreamReader open(ReadRequest request) {
        return open(request, ConnectorLog.NONE);
    }

    @Override
    public StreamReader open(ReadRequest request, ConnectorLog log) {
        StreamDefinition stream = stream(request.stream());
        StreamSchema schema = describe(request.stream(), request.columns());
        List<StreamColumns.Source> columns = StreamColumns.selected(allColumns(stream), request.columns(), request.stream().name());
        Scope scope = Scope.of(settings);
        if (request.isIncremental() && stream.incremental() != null
                && request.cursorColumn().equals(stream.incremental().field())
                && request.resumeFrom() instanceof dev.ferry.api.Checkpoint.CursorValue reached) {
            scope = scope.withSince(HttpStreamReader.since(reached.value(), stream.incremental()));
        }
        if (!request.isIncremental() && stream.incremental() != null) {
            // The stream keeps its own position (sync: changes), per parent for a child stream.
            ChangePositions positions = ChangePositions.resume(stream, incrementalField(stream), request.resumeFrom());
            StreamDefinition parent = stream.parent() == null ? null : definition.stream(stream.parent().stream());
            StreamRecords records = parent == null
                    ? records(stream, log, scope.withSince(positions.since(null)))
                    : restarting(stream, new StreamRecords(definition, stream, client, log, scope, today(),
                            parentRecord -> positions.since(StreamRecords.parentKey(parent, parentRecord))));
            return new HttpStreamReader(schema, columns, records, request, stream.incremental(), positions,
                    raw -> parent == null ? null : StreamRecords.parentKey(parent, raw.parent()));
        }
        return new HttpStreamReader(schema, columns, records(stream, log, scope), request, stream.incremental());
    }

    @Override
    public void close() {
        // The HTTP client holds no connection between calls that needs closing.
    }

    private StreamRecords records(StreamDefinition stream, ConnectorLog log, Scope scope) {
        return restarting(stream, new StreamRecords(definition, stream, client, log, scope, today()));
    }

    /** A stream with an incremental field asks again from a record's value after its query's cap. */
    private StreamRecords restarting(StreamDefinition stream, StreamRecords records) {
        if (stream.incremental() == null) {
            return records;
        }
        FieldDefinition field = incrementalField(stream);
        return records.restartingFrom(record -> HttpStreamReader.since(
                dev.ferry.connectors.http.records.FieldValues.convert(record.at(field.pointer()), field.type(), field.name()),
                stream.incremental()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** The incremental field's definition: declared, or inferred with the others. */
    private FieldDefinition incrementalField(StreamDefinition stream) {
        return fields(stream).stream().filter(field -> field.name().equals(stream.incremental().field())).findFirst()
                .orElseThrow(() -> new FerryException("Stream " + stream.name() + ": its incremental field "
                        + stream.incremental().field() + " is not among its fields"));
    }

    /** API streams keep their own position with sync: changes when their definition says how they change. */
    @Override
    public boolean readsChanges() {
        return definition.streams().stream().anyMatch(stream -> stream.incremental() != null);
    }

    private StreamDefinition stream(StreamRef ref) {
        if (ref.object() == null) {
            throw new FerryException("Stream " + ref.name() + ": an API stream is named by table:, not read by a query");
        }
        StreamDefinition stream = definition.stream(ref.object());
        if (stream == null) {
            throw new FerryException("Stream " + ref.name() + ": " + definition.provider() + " has no stream " + ref.object()
                    + "; it has " + definition.streams().stream().map(StreamDefinition::name).toList());
        }
        return stream;
    }

    private StreamSchema schema(StreamDefinition stream, StreamRef ref) {
        List<Column> columns = allColumns(stream).stream().map(StreamColumns.Source::column).toList();
        List<String> key = !ref.keyColumns().isEmpty() ? ref.keyColumns() : stream.key();
        return new StreamSchema(ref.name(), columns, key);
    }

    private List<StreamColumns.Source> allColumns(StreamDefinition stream) {
        List<FieldDefinition> parentFields = stream.parent() == null ? List.of()
                : fields(definition.stream(stream.parent().stream()));
        return StreamColumns.of(stream, fields(stream), parentFields);
    }

    /** The stream's declared fields, or fields inferred once from its first records. */
    private List<FieldDefinition> fields(StreamDefinition stream) {
        if (!stream.fields().isEmpty()) {
            return stream.fields();
        }
        return inferred.computeIfAbsent(stream.name(), name -> {
            StreamRecords sample = records(stream, ConnectorLog.NONE, Scope.of(settings));
            List<JsonNode> records = new ArrayList<>();
            for (StreamRecords.Raw raw = sample.next(); raw != null && records.size() < SAMPLE; raw = sample.next()) {
                records.add(raw.record());
            }
            if (records.isEmpty()) {
                throw new FerryException("Stream " + name + " of " + definition.provider() + " declares no fields and "
                        + "has no records to infer them from; declare its fields in the definition");
            }
            return SchemaInference.infer(records);
        });
    }
}

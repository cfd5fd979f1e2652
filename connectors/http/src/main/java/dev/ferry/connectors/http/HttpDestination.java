package dev.ferry.connectors.http;

import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.connectors.http.definition.OperationDefinition;
import dev.ferry.connectors.http.definition.Template;
import dev.ferry.connectors.http.definition.WriteDefinition;
import dev.ferry.connectors.http.write.HttpStreamWriter;
import dev.ferry.connectors.http.write.WriteCalls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An API written through its definition's {@code writes}: a stream's destination {@code table} names
 * the object type ({@code contacts}), its key says which record is which, and the run's key map
 * remembers which object each record became. Writes are upserts by key; rows pushed to a table the
 * API names nothing of (a Power BI push dataset) are written with {@code write: overwrite}, which
 * empties the table first with the definition's {@code clear} call (not atomically: a failed run
 * leaves it part-filled until the next one). An API keeps no schema, so nothing is created first.
 */
final class HttpDestination implements Destination {
    private final ApiConnection connection;

    HttpDestination(ApiConnection connection) {
        this.connection = connection;
    }

    @Override
    public void check() {
        if (!connection.checkPath()) {
            throw new FerryException(connection.definition().provider() + "'s definition has no check path, so the "
                    + "connection cannot be checked without writing");
        }
    }

    @Override
    public void checkCanHold(String table, StreamSchema schema) {
        write(table);
    }

    @Override
    public StreamWriter open(WriteRequest request) {
        throw new FerryException("Writing to " + connection.definition().provider() + " needs a run's key map; it is "
                + "written by ferry run or the server");
    }

    @Override
    public StreamWriter open(WriteRequest request, WriteContext context) {
        WriteDefinition write = write(request.table());
        boolean keepsIds = HttpStreamWriter.keepsIds(write);
        if (request.mode() == WriteMode.OVERWRITE && write.clear() == null) {
            throw new FerryException("Stream writing to " + connection.definition().provider() + " " + request.table()
                    + ": write: overwrite needs a way to empty it, which the definition does not give; use write: upsert");
        }
        if (request.deletes() == dev.ferry.api.DeletePolicy.SOFT) {
            throw new FerryException("Stream writing to " + connection.definition().provider() + " " + request.table()
                    + ": deletes: soft needs a column to mark, which an API object has not; use deletes: hard");
        }
        if (request.deletes() == dev.ferry.api.DeletePolicy.HARD && write.delete() == null) {
            throw new FerryException("Stream writing to " + connection.definition().provider() + " " + request.table()
                    + ": the definition says no way to delete its objects, so deletes: hard cannot remove them");
        }
        if (request.mode() == WriteMode.UPSERT && !keepsIds) {
            throw new FerryException("Stream writing to " + connection.definition().provider() + " " + request.table()
                    + ": its rows are pushed, not kept by id, so a second run would add them again; use write: overwrite");
        }
        checkColumns(write, request.schema());
        Scope scope = Scope.of(connection.settings());
        Map<String, String> headers = new LinkedHashMap<>();
        write.headers().forEach((name, template) -> headers.put(name, template.require(scope, text -> text)));
        HttpStreamWriter writer = new HttpStreamWriter(connection.client(), write, request.table(), request.schema(), scope, context,
                new WriteCalls(connection.settings().baseUrl(), headers));
        if (request.mode() == WriteMode.OVERWRITE) {
            // Not atomic as a database's overwrite is: a run that fails after this leaves the target part-filled.
            writer.clear();
        }
        return writer;
    }

    @Override
    public void close() {
        // Nothing held between calls.
    }

    /** The writes for {@code table}: those named so, else those for any table ({@code *}). */
    private WriteDefinition write(String table) {
        WriteDefinition write = connection.definition().writes().getOrDefault(table,
                connection.definition().writes().get("*"));
        if (write == null) {
            throw new FerryException(connection.definition().provider() + " has no writes for " + table + "; it writes "
                    + (connection.definition().writes().isEmpty() ? "nothing" : String.join(", ", connection.definition().writes().keySet())));
        }
        return write;
    }

    /** Every {@code {{record.<column>}}} the writes name must be a column of the stream, found before any call. */
    private static void checkColumns(WriteDefinition write, StreamSchema schema) {
        List<String> missing = new ArrayList<>();
        Stream.of(write.upsert(), write.create(), write.update(), write.delete())
                .filter(java.util.Objects::nonNull)
                .flatMap(HttpDestination::templates)
                .flatMap(template -> template.names().stream())
                .filter(name -> (name.startsWith("record.") || name.startsWith("ref.")) && !name.endsWith("?"))
                .map(name -> name.startsWith("record.") ? name.substring(7) : name.split("\\.", 3)[2])
                .filter(column -> schema.indexOf(column) < 0 && !missing.contains(column))
                .forEach(missing::add);
        if (write.batch() != null) {
            List<Template> items = new ArrayList<>();
            bodyTemplates(write.batch().item(), items);
            items.stream().flatMap(template -> template.names().stream())
                    .filter(name -> name.startsWith("record.") && !name.endsWith("?")).map(name -> name.substring(7))
                    .filter(column -> schema.indexOf(column) < 0 && !missing.contains(column)).forEach(missing::add);
        }
        if (write.lookup() != null) {
            Stream.concat(Stream.of(write.lookup().path()), write.lookup().query().values().stream())
                    .flatMap(template -> template.names().stream()).filter(name -> name.startsWith("record.") && !name.endsWith("?"))
                    .map(name -> name.substring(7)).filter(column -> schema.indexOf(column) < 0 && !missing.contains(column))
                    .forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            throw new FerryException("Writing " + write.target() + " needs the column(s) " + missing + ", which the stream "
                    + "does not have; it has " + schema.columnNames() + " (rename or compute them with transforms)");
        }
    }

    private static Stream<Template> templates(OperationDefinition operation) {
        List<Template> templates = new ArrayList<>();
        templates.add(operation.path());
        templates.addAll(operation.query().values());
        if (operation.body() != null) {
            bodyTemplates(operation.body(), templates);
        }
        return templates.stream();
    }

    private static void bodyTemplates(com.fasterxml.jackson.databind.JsonNode body, List<Template> into) {
        if (body.isTextual()) {
            into.add(Template.parse(body.textValue()));
        } else {
            body.forEach(child -> bodyTemplates(child, into));
        }
    }
}

package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table read through the export API, page by page.
 *
 * <p>Without a position it walks a consistent snapshot with {@code list_snapshot} (the first page
 * fixes its timestamp; every record is an upsert), then reads {@code document_deltas} from that
 * timestamp; with a position it goes on where that left off. Deltas are upserts, and deletes
 * ({@code _deleted}) become delete records carrying only {@code _id}. The read ends at the first
 * delta page that says there is no more.
 *
 * <p>A page becomes one or more batches, each within the request's size in records and bytes, so
 * memory holds one page and one batch. Only a page's last batch carries the position after that
 * page; the batches before it carry the position before it (the previous page's end, or for the
 * first page the start of its snapshot), so a run
 * that stops mid-page resumes at the page's start and reads it again: its records are upserts and
 * deletes by key, which replaying leaves as they were.
 */
final class ExportReader implements StreamReader {
    /** See {@link ConvexJsonDecoder} for why reads ask for this format. */
    static final ValueDecoder DECODER = ConvexJsonDecoder.INSTANCE;

    private final ConvexApi api;
    private final String table;
    private final String where;
    private final DocumentColumns all;
    private final StreamSchema schema;
    private final int idIndex;
    private final int batchSize;
    private final long batchBytes;
    private final boolean resumed;
    private final Cancellation cancellation = new Cancellation();
    private volatile boolean cancelled;
    private boolean closed;

    /** Where the next page starts; null before the first snapshot page. */
    private ExportPosition next;
    /** The checkpoint after the last page whose records have all been handed out; null before one. */
    private Checkpoint.LogPosition boundary;
    private JsonNode page;
    private int pageIndex;
    private ExportPosition pageEnd;
    private boolean lastPage;
    private boolean exhausted;

    ExportReader(ConvexApi api, String table, String where, DocumentColumns all, StreamSchema schema, ExportPosition resumeFrom,
                 int batchSize, long batchBytes) {
        this.api = api;
        this.table = table;
        this.where = where;
        this.all = all;
        this.schema = schema;
        this.idIndex = schema.indexOf(SchemaColumns.ID);
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
        this.next = resumeFrom;
        this.resumed = resumeFrom != null;
        this.boundary = resumeFrom == null ? null : resumeFrom.checkpoint();
    }

    @Override
    public StreamSchema schema() {
        return schema;
    }

    @Override
    public RecordBatch next() {
        try {
            return read();
        } catch (ConvexApi.Cancelled e) {
            return null;
        }
    }

    private RecordBatch read() {
        while (!cancelled && !closed && !exhausted) {
            if (page == null || pageIndex >= page.size()) {
                if (lastPage) {
                    exhausted = true;
                    return null;
                }
                fetchPage();
                if (page.isEmpty()) {
                    // an empty page still moves the position (a finished snapshot, deltas of other tables)
                    Checkpoint.LogPosition reached = pageEnd.checkpoint();
                    if (!reached.equals(boundary)) {
                        boundary = reached;
                        return new RecordBatch(List.of(), reached, 0);
                    }
                    continue;
                }
            }
            return batchFromPage();
        }
        return null;
    }

    private RecordBatch batchFromPage() {
        List<ChangeRecord> records = new ArrayList<>(Math.min(batchSize, page.size() - pageIndex));
        long bytes = 0;
        while (pageIndex < page.size() && records.size() < batchSize && bytes < batchBytes) {
            ChangeRecord record = toRecord(page.get(pageIndex++));
            if (record != null) {
                records.add(record);
                bytes += record.estimatedBytes();
            }
        }
        if (pageIndex >= page.size()) {
            boundary = pageEnd.checkpoint();
            page = null; // the page's memory goes before the next is fetched
        }
        return new RecordBatch(records, boundary, bytes);
    }

    private void fetchPage() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tableName", table);
        params.put("format", DECODER.formatName());
        JsonNode answer;
        if (next instanceof ExportPosition.Deltas(long cursor)) {
            params.put("cursor", Long.toString(cursor));
            answer = request(ConvexSource.DOCUMENT_DELTAS, params);
            long reached = integer(answer, "cursor", ConvexSource.DOCUMENT_DELTAS);
            pageEnd = new ExportPosition.Deltas(reached);
            lastPage = !answer.path("hasMore").asBoolean(false);
        } else {
            if (next instanceof ExportPosition.Snapshot(long timestamp, String cursor)) {
                params.put("snapshot", Long.toString(timestamp));
                params.put("cursor", cursor.isEmpty() ? null : cursor);
            }
            answer = request(ConvexSource.LIST_SNAPSHOT, params);
            long snapshot = integer(answer, "snapshot", ConvexSource.LIST_SNAPSHOT);
            if (boundary == null) {
                // The first page's batches before its last carry the start of this snapshot, not "no
                // position": a run stopped after committing some of them must read this snapshot again.
                // A new, later one would miss the deletes in between of documents already copied,
                // since the deltas it is followed by begin after them.
                boundary = new ExportPosition.Snapshot(snapshot, "").checkpoint();
            }
            JsonNode cursor = answer.get("cursor");
            if (answer.path("hasMore").asBoolean(false)) {
                if (cursor == null || !cursor.isTextual()) {
                    throw new FerryException(where + ": list_snapshot said there is more but gave no cursor to go on from");
                }
                pageEnd = new ExportPosition.Snapshot(snapshot, cursor.textValue());
            } else {
                // the snapshot is complete: changes after it come from the deltas, from its timestamp
                pageEnd = new ExportPosition.Deltas(snapshot);
            }
            lastPage = false;
        }
        JsonNode values = answer.get("values");
        if (values == null || !values.isArray()) {
            throw new FerryException(where + ": the export answered without a list of values");
        }
        page = values;
        pageIndex = 0;
        next = pageEnd;
    }

    private JsonNode request(String route, Map<String, String> params) {
        try {
            return api.get(route, params, cancellation);
        } catch (ConvexError.Answered e) {
            ConvexError error = e.error();
            if (resumed && error.status() / 100 == 4 && !error.isKeyRefused()) {
                throw new FerryException(where + ": Convex refused the stored position " + boundary.position() + " ("
                        + error.describe() + "); a snapshot or change cursor older than Convex keeps its history (days) "
                        + "cannot be resumed: run again with --full-refresh to start from a new snapshot", e);
            }
            throw e;
        }
    }

    private long integer(JsonNode answer, String field, String route) {
        JsonNode value = answer.get(field);
        if (value != null && value.canConvertToLong() && value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value != null && value.isTextual()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new FerryException(where + ": " + route + " answered without an integer " + field);
    }

    /** The record of one exported document version; null for one of another table. */
    private ChangeRecord toRecord(JsonNode document) {
        JsonNode id = document.get(SchemaColumns.ID);
        if (id == null || !id.isTextual()) {
            throw new FerryException(where + ": the export gave a document without an _id: "
                    + RejectedValueException.shorten(document));
        }
        JsonNode tableName = document.get("_table");
        if (tableName != null && tableName.isTextual() && !tableName.textValue().equals(table)) {
            return null;
        }
        if (document.path("_deleted").asBoolean(false)) {
            Object[] values = new Object[schema.columns().size()];
            values[idIndex] = id.textValue();
            return ChangeRecord.delete(values);
        }
        refuseUnknownFields(document, id.textValue());
        try {
            return ChangeRecord.upsert(all.values(document, schema.columns(), DECODER));
        } catch (RejectedValueException e) {
            throw e.locatedAt(table, "_id=" + id.textValue());
        }
    }

    /** A field the schema read at the start did not list would be lost: the read stops instead. */
    private void refuseUnknownFields(JsonNode document, String id) {
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!all.knowsField(name) && !SchemaColumns.EXPORT_FIELDS.contains(name)) {
                throw new FerryException(where + ": document _id=" + id + " has a field " + name + " that the table's schema did "
                        + "not list when the read started (its columns are " + all.schema().columnNames() + "); run again so that the "
                        + "schema is read anew");
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        cancellation.cancel();
    }

    @Override
    public void close() {
        closed = true;
        page = null;
    }
}

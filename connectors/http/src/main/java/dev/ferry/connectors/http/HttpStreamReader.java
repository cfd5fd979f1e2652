package dev.ferry.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.http.definition.IncrementalDefinition;
import dev.ferry.connectors.http.records.FieldValues;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads one stream into batches. An incremental read starts from the cursor value the last run
 * reached (sent as {@code {{since}}}) and passes on only records at or after it, whether or not the
 * API filtered them already; when the API answers in cursor order each batch checkpoints, otherwise
 * only the end of the read does, in a last batch of its own, so a read cut short starts again from
 * where the last complete one got to and loses nothing.
 */
final class HttpStreamReader implements StreamReader {
    private final StreamSchema schema;
    private final List<StreamColumns.Source> columns;
    private final StreamRecords records;
    private final ReadRequest request;
    private final String stream;
    private final IncrementalDefinition incremental;
    private final int cursorIndex;
    private final Comparable<Object> resumeFrom;
    private volatile boolean cancelled;
    private Comparable<Object> highest;
    private boolean exhausted;
    private boolean endCheckpointSent;
    /** With sync: changes, the positions this read keeps, and each record's parent key; else null. */
    private final ChangePositions positions;
    private final java.util.function.Function<StreamRecords.Raw, String> parentKey;

    HttpStreamReader(StreamSchema schema, List<StreamColumns.Source> columns, StreamRecords records, ReadRequest request,
                     IncrementalDefinition incremental) {
        this(schema, columns, records, request, incremental, null, raw -> null);
    }

    @SuppressWarnings("unchecked")
    HttpStreamReader(StreamSchema schema, List<StreamColumns.Source> columns, StreamRecords records, ReadRequest request,
                     IncrementalDefinition incremental, ChangePositions positions,
                     java.util.function.Function<StreamRecords.Raw, String> parentKey) {
        this.positions = positions;
        this.parentKey = parentKey;
        this.schema = schema;
        this.columns = columns;
        this.records = records;
        this.request = request;
        this.stream = request.stream().name();
        this.incremental = incremental;
        this.cursorIndex = request.cursorColumn() == null ? -1 : schema.indexOf(request.cursorColumn());
        this.resumeFrom = request.resumeFrom() instanceof Checkpoint.CursorValue value
                ? (Comparable<Object>) value.value() : null;
    }

    /** How {@code value}, a cursor value reached, is sent as {@code {{since}}}. */
    static String since(Object value, IncrementalDefinition incremental) {
        if (value == null) {
            return null;
        }
        return switch (incremental.format()) {
            case "iso" -> value.toString();
            case "epoch_ms" -> switch (value) {
                case OffsetDateTime at -> Long.toString(at.toInstant().toEpochMilli());
                case LocalDateTime at -> Long.toString(at.toInstant(ZoneOffset.UTC).toEpochMilli());
                case LocalDate day -> Long.toString(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                default -> value.toString();
            };
            default -> value instanceof TemporalAccessor temporal
                    ? DateTimeFormatter.ofPattern(incremental.format()).format(temporal) : value.toString();
        };
    }

    @Override
    public StreamSchema schema() {
        return schema;
    }

    @Override
    public RecordBatch next() {
        if (cancelled) {
            return null;
        }
        List<ChangeRecord> batch = new ArrayList<>();
        long bytes = 0;
        while (!exhausted && batch.size() < request.batchSize() && bytes < request.batchBytes()) {
            StreamRecords.Raw raw = records.next();
            if (raw == null || cancelled) {
                exhausted = true;
                break;
            }
            Object[] values = values(raw);
            if (cursorIndex >= 0 && !passes(values[cursorIndex])) {
                continue;
            }
            if (positions != null) {
                positions.saw(raw.record(), parentKey.apply(raw));
            }
            ChangeRecord record = ChangeRecord.upsert(values);
            bytes += record.estimatedBytes();
            batch.add(record);
        }
        if (cancelled) {
            return null;
        }
        if (batch.isEmpty() && exhausted) {
            if (positions != null && !endCheckpointSent) {
                // Only a read that reached the end moves the position: one cut short starts again from the last.
                endCheckpointSent = true;
                return new RecordBatch(List.of(), positions.reached());
            }
            if (cursorIndex >= 0 && !sorted() && !endCheckpointSent && highest != null) {
                endCheckpointSent = true;
                return new RecordBatch(List.of(), checkpoint());
            }
            return null;
        }
        return new RecordBatch(batch, cursorIndex >= 0 && sorted() && highest != null ? checkpoint() : null, bytes);
    }

    private boolean sorted() {
        return incremental != null && incremental.sorted() && request.cursorColumn().equals(incremental.field());
    }

    @SuppressWarnings("unchecked")
    private boolean passes(Object cursor) {
        if (cursor == null) {
            // A record without a cursor value cannot be placed; it is passed on every read rather than lost.
            return true;
        }
        Comparable<Object> value = (Comparable<Object>) cursor;
        if (resumeFrom != null && value.compareTo(resumeFrom) < 0) {
            return false;
        }
        if (highest == null || value.compareTo(highest) > 0) {
            highest = value;
        }
        return true;
    }

    private Checkpoint checkpoint() {
        Column column = schema.columns().get(cursorIndex);
        return new Checkpoint.CursorValue(column.name(), column.type(), highest);
    }

    private Object[] values(StreamRecords.Raw raw) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            StreamColumns.Source column = columns.get(i);
            JsonNode from = column.fromParent() ? raw.parent() : raw.record();
            try {
                values[i] = FieldValues.convert(from == null ? null : from.at(column.pointer()), column.type(), column.name());
            } catch (RejectedValueException e) {
                throw e.locatedAt(stream, key(raw));
            }
        }
        return values;
    }

    /** The record's key as {@code id=42}, for a located error; its first fields when the stream has no key. */
    private String key(StreamRecords.Raw raw) {
        StringJoiner key = new StringJoiner(", ");
        for (String name : schema.keyColumns()) {
            StreamColumns.Source column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
            JsonNode from = column == null ? null : column.fromParent() ? raw.parent() : raw.record();
            key.add(name + "=" + (from == null ? "?" : from.at(column.pointer()).toString()));
        }
        return key.length() == 0 ? RejectedValueException.shorten(raw.record().toString()) : key.toString();
    }

    @Override
    public void cancel() {
        // Seen between records; a call under way ends within its timeout.
        cancelled = true;
    }

    @Override
    public void close() {
        cancelled = true;
    }
}

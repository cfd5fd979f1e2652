package dev.ferry.connectors.http;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorLog;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Opens a source from a definition written by a test, and reads its streams whole. */
final class ApiFixture {
    /** A log that keeps its lines for the test. */
    static final class Lines implements ConnectorLog {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        String all() {
            return String.join("\n", lines);
        }
    }

    /** What a read gave: its batches in order. */
    record Read(List<RecordBatch> batches) {
        List<Object[]> rows() {
            List<Object[]> rows = new ArrayList<>();
            batches.forEach(batch -> batch.records().stream().map(ChangeRecord::values).forEach(rows::add));
            return rows;
        }

        List<Object> column(int index) {
            return rows().stream().map(row -> row[index]).toList();
        }
    }

    private ApiFixture() {
    }

    static Source open(Path folder, String url, String definition, Map<String, String> properties) {
        return open(folder, url, definition, properties, dev.ferry.api.CredentialStore.NONE);
    }

    static Source open(Path folder, String url, String definition, Map<String, String> properties,
                       dev.ferry.api.CredentialStore credentials) {
        Path file = folder.resolve("api-" + System.nanoTime() + ".yaml");
        try {
            Files.writeString(file, definition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(properties);
        all.put("definition", file.toString());
        all.putIfAbsent("retry_backoff", "10ms");
        return new HttpConnectorFactory().openSource(new ConnectionSpec("api", "http", url, null, null, all), credentials);
    }

    static Read read(Source source, String stream, ConnectorLog log) {
        return read(source, new ReadRequest(StreamRef.ofObject(stream, stream), List.of(), null, null, Lookback.NONE, 1000), log);
    }

    static Read readFrom(Source source, String stream, String cursor, Checkpoint resume, int batchSize, ConnectorLog log) {
        return read(source, new ReadRequest(StreamRef.ofObject(stream, stream), List.of(), cursor, resume, Lookback.NONE,
                batchSize), log);
    }

    private static Read read(Source source, ReadRequest request, ConnectorLog log) {
        List<RecordBatch> batches = new ArrayList<>();
        try (StreamReader reader = source.open(request, log)) {
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                batches.add(batch);
            }
        }
        return new Read(batches);
    }
}

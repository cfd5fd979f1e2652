package dev.ferry.server.pipelines;

import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.StreamPreview;
import dev.ferry.server.auth.Role;
import dev.ferry.server.http.ApiException;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.runs.RunRoutes;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code POST /api/preview}: what {@code ferry preview} shows, for pipeline YAML that need not be
 * saved: a few source rows of one stream and what its transforms make of them. Operators, as
 * checking and discovering connections: it reads the source and writes nothing.
 */
public final class PreviewRoutes {
    private final PipelineCatalog catalog;
    private final ConnectorRegistry connectors;

    public PreviewRoutes(PipelineCatalog catalog, ConnectorRegistry connectors) {
        this.catalog = catalog;
        this.connectors = connectors;
    }

    public void register(ApiRoutes routes) {
        routes.post("/api/preview", Role.OPERATOR, "Preview rows of one stream of the pipeline YAML in the body, as ferry "
                + "preview does; nothing is stored or written", this::preview);
    }

    /** One row: as read, as it would be written (null when not), why not, and whether a transform left it out. */
    public record Row(Map<String, Object> read, Map<String, Object> write, String error, boolean leftOut) {
    }

    public record Preview(String stream, List<String> columns, List<Row> rows) {
    }

    private void preview(Context ctx) {
        String stream = ctx.queryParam("stream");
        if (stream == null || stream.isBlank()) {
            throw new ApiException(400, "invalid_field", "Give the stream to preview: ?stream=NAME", Map.of("field", "stream"));
        }
        int limit = RunRoutes.intParam(ctx, "limit", 10, 1, StreamPreview.MAX_ROWS);
        String yaml = PipelineRoutes.yamlBody(ctx);
        StreamPreview.Result result;
        try {
            result = PipelinePreview.of(catalog, yaml, stream, limit, connectors);
        } catch (NoSuchElementException e) {
            throw new ApiException(404, "not_found", e.getMessage());
        } catch (dev.ferry.engine.config.loader.ConfigException invalid) {
            throw invalid;
        } catch (FerryException e) {
            throw new ApiException(502, "source_failed", e.getMessage());
        }
        ctx.json(of(result));
    }

    static Preview of(StreamPreview.Result result) {
        List<Row> rows = new ArrayList<>();
        for (StreamPreview.Row row : result.rows()) {
            rows.add(new Row(named(result.sourceSchema(), row.source()),
                    row.transformed() == null ? null : named(result.outputSchema(), row.transformed()), row.error(),
                    row.droppedByFilter()));
        }
        return new Preview(result.stream(), result.outputSchema().columns().stream().map(column -> column.name()).toList(), rows);
    }

    private static Map<String, Object> named(StreamSchema schema, Object[] values) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            named.put(schema.columns().get(i).name(), values[i]);
        }
        return named;
    }
}

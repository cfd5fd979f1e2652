package dev.ferry.cli;

import dev.ferry.api.StreamSchema;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.StreamPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "preview", description = "Shows a few source rows of a stream next to what its transforms make of them, "
        + "with each row's errors; writes nothing and touches no state.")
final class PreviewCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOption pipeline;

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The stream to preview.")
    String stream;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "How many rows (default ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Option(names = "--json", description = "Print the rows as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PipelineConfig config = pipeline.load();
        PrintWriter err = spec.commandLine().getErr();
        List<StreamConfig> chosen = config.selectStreams(stream);
        if (chosen.isEmpty()) {
            err.println("ferry: " + UnknownStream.message(config, stream));
            err.flush();
            return ExitCode.USAGE;
        }
        if (limit < 1 || limit > StreamPreview.MAX_ROWS) {
            err.println("ferry: --limit must be from 1 to " + StreamPreview.MAX_ROWS + ", not " + limit);
            err.flush();
            return ExitCode.USAGE;
        }
        StreamPreview.Result result = StreamPreview.of(config, chosen.getFirst(), limit, ConnectorRegistry.load());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, asJson(result));
        } else {
            print(out, result);
        }
        long failed = result.rows().stream().filter(row -> row.error() != null).count();
        return failed > 0 ? ExitCode.FAILED : ExitCode.OK;
    }

    /** One block a row: each source column and value, then each written column and value, or why none. */
    private static void print(PrintWriter out, StreamPreview.Result result) {
        int number = 0;
        for (StreamPreview.Row row : result.rows()) {
            out.println("row " + (++number));
            printValues(out, "  read   ", result.sourceSchema(), row.source());
            if (row.error() != null) {
                out.println("  error  " + row.error());
            } else if (row.droppedByFilter()) {
                out.println("  left out by a transform");
            } else {
                printValues(out, "  write  ", result.outputSchema(), row.transformed());
            }
        }
        if (number == 0) {
            out.println("stream " + result.stream() + " has no rows to preview");
        }
        out.flush();
    }

    private static void printValues(PrintWriter out, String label, StreamSchema schema, Object[] values) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            pairs.add(schema.columns().get(i).name() + "=" + text(values[i]));
        }
        out.println(label + String.join(", ", pairs));
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        return value instanceof String ? "'" + value + "'" : value.toString();
    }

    private static Map<String, Object> asJson(StreamPreview.Result result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StreamPreview.Row row : result.rows()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("read", named(result.sourceSchema(), row.source()));
            json.put("write", row.transformed() == null ? null : named(result.outputSchema(), row.transformed()));
            json.put("error", row.error());
            json.put("leftOut", row.droppedByFilter());
            rows.add(json);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stream", result.stream());
        json.put("rows", rows);
        return json;
    }

    private static Map<String, Object> named(StreamSchema schema, Object[] values) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            named.put(schema.columns().get(i).name(), value instanceof byte[] bytes ? java.util.Base64.getEncoder()
                    .encodeToString(bytes) : value);
        }
        return named;
    }
}

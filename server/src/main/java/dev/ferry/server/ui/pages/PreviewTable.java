package dev.ferry.server.ui.pages;

import dev.ferry.api.StreamSchema;
import dev.ferry.engine.run.StreamPreview;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream's preview as the wizard shows it: the columns to be written and each row's values as
 * text, or why the row would not be written.
 *
 * @param error why there is no preview at all; null when there is one
 */
public record PreviewTable(String stream, List<String> columns, List<PreviewRow> rows, String error) {
    /** @param note why the row is not written (a rejected value, or left out by a transform); null when it is */
    public record PreviewRow(List<String> values, String note) {
    }

    public static PreviewTable failed(String stream, String error) {
        return new PreviewTable(stream, List.of(), List.of(), error);
    }

    public static PreviewTable of(StreamPreview.Result result) {
        StreamSchema output = result.outputSchema();
        List<String> columns = output.columns().stream().map(column -> column.name()).toList();
        List<PreviewRow> rows = new ArrayList<>();
        for (StreamPreview.Row row : result.rows()) {
            if (row.error() != null) {
                rows.add(new PreviewRow(List.of(), row.error()));
            } else if (row.droppedByFilter()) {
                rows.add(new PreviewRow(List.of(), "left out by a transform"));
            } else {
                List<String> values = new ArrayList<>();
                for (Object value : row.transformed()) {
                    values.add(text(value));
                }
                rows.add(new PreviewRow(values, null));
            }
        }
        return new PreviewTable(result.stream(), columns, rows, null);
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        return value.toString();
    }
}

package dev.ferry.connectors.http.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.KeyMap;
import dev.ferry.api.RowsRefusedException;
import dev.ferry.api.StreamSchema;

import java.util.List;
import java.util.function.Function;

/**
 * The values a write's templates may name for one record: the connection's settings, the record's
 * columns ({@code {{record}}} alone: all of them as one object), the object's id from the key map,
 * other targets' objects by key, and {@code {{target}}}, the table the stream writes to. A reference to an
 * object not written yet refuses the row, naming what it waits for, so it is set aside and written
 * once that object exists, never sent with a missing id.
 */
final class WriteScope implements Function<String, String> {
    private final Function<String, String> settings;
    private final StreamSchema schema;
    private final Object[] values;
    private final KeyMap keys;
    private final String remoteId;
    private final String target;

    WriteScope(Function<String, String> settings, StreamSchema schema, Object[] values, KeyMap keys, String remoteId,
               String target) {
        this.settings = settings;
        this.schema = schema;
        this.values = values;
        this.keys = keys;
        this.remoteId = remoteId;
        this.target = target;
    }

    @Override
    public String apply(String name) {
        if (name.endsWith("?")) {
            // A column the stream may not have: without it, the field is left out.
            String bare = name.substring(0, name.length() - 1);
            return name.startsWith("record.") && schema.indexOf(bare.substring("record.".length())) < 0 ? null : apply(bare);
        }
        if (name.startsWith("config.")) {
            return settings.apply(name);
        }
        if (name.equals("remote.id")) {
            return remoteId;
        }
        if (name.equals("target")) {
            return target;
        }
        if (name.equals("record")) {
            return typed(name).toString();
        }
        if (name.startsWith("record.")) {
            return JsonValues.text(value(name.substring("record.".length())));
        }
        if (name.startsWith("ref.")) {
            return reference(name);
        }
        return null;
    }

    /** A placeholder's value with its JSON type, for a body string that is that placeholder alone. */
    JsonNode typed(String name) {
        if (name.equals("record")) {
            // The whole record: each column by its name, with its JSON type (a row pushed as it is).
            com.fasterxml.jackson.databind.node.ObjectNode row = dev.ferry.connectors.http.paging.PageWalk.JSON.createObjectNode();
            for (int i = 0; i < values.length; i++) {
                String column = schema.columns().get(i).name();
                JsonNode value = JsonValues.node(values[i], schema.columns().get(i).type(), column);
                row.set(column, value == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : value);
            }
            return row;
        }
        if (name.endsWith("?")) {
            String bare = name.substring(0, name.length() - 1);
            return name.startsWith("record.") && schema.indexOf(bare.substring("record.".length())) < 0 ? null : typed(bare);
        }
        if (name.startsWith("record.")) {
            String column = name.substring("record.".length());
            int index = index(column);
            return JsonValues.node(values[index], schema.columns().get(index).type(), column);
        }
        String text = apply(name);
        return text == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    private String reference(String name) {
        String[] parts = name.split("\\.", 3);
        String target = parts[1];
        String column = parts[2];
        Object key = value(column);
        if (key == null) {
            return null;
        }
        String id = keys.remoteId(target, JsonValues.keyText(List.of(key)));
        if (id == null) {
            throw new RowsRefusedException("no " + target + " object for " + column + "=" + JsonValues.text(key)
                    + " has been written yet; the row waits for it", null);
        }
        return id;
    }

    private Object value(String column) {
        return values[index(column)];
    }

    private int index(String column) {
        int index = schema.indexOf(column);
        if (index < 0) {
            throw new IllegalStateException("The write names {{record." + column + "}}, but the stream has no column "
                    + column + "; it has " + schema.columnNames());
        }
        return index;
    }
}

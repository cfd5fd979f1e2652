package dev.ferry.connectors.http;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.definition.FieldDefinition;
import dev.ferry.connectors.http.definition.StreamDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stream's columns and where each value comes from: the fields of its records (declared or
 * inferred), after the columns it copies from its parent record.
 */
final class StreamColumns {
    /** A column and where its value is: a JSON Pointer into the record, or into its parent. */
    record Source(String name, ColumnType type, String pointer, boolean fromParent) {
        Column column() {
            return Column.of(name, type);
        }
    }

    private StreamColumns() {
    }

    /**
     * @param fields       the stream's fields
     * @param parentFields the parent stream's fields, for the types of copied columns; empty without a parent
     */
    static List<Source> of(StreamDefinition stream, List<FieldDefinition> fields, List<FieldDefinition> parentFields) {
        List<Source> columns = new ArrayList<>();
        if (stream.parent() != null) {
            for (Map.Entry<String, String> copy : stream.parent().copy().entrySet()) {
                String field = copy.getValue();
                ColumnType type = parentFields.stream().filter(f -> f.name().equals(field)).map(FieldDefinition::type)
                        .findFirst().orElse(ColumnType.TEXT);
                columns.add(new Source(copy.getKey(), type, "/" + field.replace('.', '/'), true));
            }
        }
        for (FieldDefinition field : fields) {
            if (columns.stream().anyMatch(column -> column.name().equals(field.name()))) {
                throw new FerryException("Stream " + stream.name() + ": column " + field.name()
                        + " is both a field and a copy of the parent's; rename the copy");
            }
            columns.add(new Source(field.name(), field.type(), field.pointer(), false));
        }
        return columns;
    }

    /** The columns a read asked for, in its order; all of them when it asked for none. */
    static List<Source> selected(List<Source> all, List<String> names, String stream) {
        if (names.isEmpty()) {
            return all;
        }
        List<Source> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(all.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow(
                    () -> new FerryException("Stream " + stream + " has no column " + name + "; it has "
                            + all.stream().map(Source::name).toList())));
        }
        return selected;
    }
}

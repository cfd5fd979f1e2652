package dev.ferry.engine.transform.lookup;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.Lookback;
import dev.ferry.api.ReadRequest;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.Source;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A table read whole through a connector as a lookup's mapping: each row's key column value, as its
 * canonical text (see the package documentation), maps to the row's value columns. Values keep the
 * types the connector read them as, so a lookup's output column is the table column: its type,
 * precision and scale, with no inference.
 *
 * <p>A row whose key is null is left out (a null is never looked up). Two rows whose keys have the
 * same text are refused naming the key, as is a table of more than {@link TableLookupSource#maxRows()}
 * rows, and a key column whose values have no single exact text (floating point, times, binary).
 *
 * <p>Held as one array per column, not an object per row, so a million rows cost little more than
 * their values. Immutable and thread-safe once read.
 */
public final class TableMapping implements Mapping {
    private final TableLookupSource source;
    private final Column keyColumn;
    private final Map<String, Column> columns;
    private final String[] keys;
    private final Map<String, Object[]> values;

    private TableMapping(TableLookupSource source, Column keyColumn, Map<String, Column> columns, String[] keys,
                         Map<String, Object[]> values) {
        this.source = source;
        this.keyColumn = keyColumn;
        this.columns = columns;
        this.keys = keys;
        this.values = values;
    }

    /**
     * Reads every row of the table's key and value columns in one read of {@code connection}.
     *
     * @param batchSize rows per batch asked of the connector
     * @throws TransformDefinitionException naming the table and connection for a table it refuses;
     *                                      whatever the connector throws, as it throws it, otherwise
     */
    public static TableMapping read(TableLookupSource source, Source connection, int batchSize) {
        StreamSchema schema = describe(source, connection);
        Column keyColumn = keyColumn(source, schema);
        int width = source.valueColumns().size();
        List<String> keys = new ArrayList<>();
        List<List<Object>> columnValues = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            columnValues.add(new ArrayList<>());
        }
        Set<String> seen = new HashSet<>();
        long rows = 0;
        ReadRequest request = new ReadRequest(reference(source), source.readColumns(), null, null, Lookback.NONE,
                batchSize);
        try (StreamReader reader = connection.open(request)) {
            StreamSchema read = reader.schema();
            int keyPosition = read.indexOf(source.keyColumn());
            int[] positions = source.valueColumns().stream().mapToInt(read::indexOf).toArray();
            for (RecordBatch batch = reader.next(); batch != null; batch = reader.next()) {
                for (ChangeRecord record : batch.records()) {
                    if (++rows > source.maxRows()) {
                        reader.cancel();
                        throw new TransformDefinitionException(source.describe() + " has more than "
                                + source.maxRows() + " rows, over the limit for a lookup table (it is held in memory"
                                + " for the whole run); raise max_rows if the memory allows, or look up from a smaller"
                                + " table or view");
                    }
                    Object key = record.value(keyPosition);
                    if (key == null) {
                        continue;
                    }
                    String text = KeyIndex.text(key);
                    if (!seen.add(text)) {
                        reader.cancel();
                        throw new TransformDefinitionException(source.describe() + ": key " + Shortened.quote(text)
                                + " is in more than one row of column " + keyColumn.name()
                                + "; a lookup maps each key to one row");
                    }
                    keys.add(text);
                    for (int i = 0; i < width; i++) {
                        columnValues.get(i).add(record.value(positions[i]));
                    }
                }
            }
        }
        Map<String, Object[]> values = new LinkedHashMap<>();
        for (int i = 0; i < width; i++) {
            values.put(source.valueColumns().get(i), columnValues.get(i).toArray());
        }
        return new TableMapping(source, keyColumn, valueColumns(source, schema), keys.toArray(String[]::new),
                Collections.unmodifiableMap(values));
    }

    /**
     * The table's columns without its rows: enough to bind a lookup (key and value columns exist, have
     * types it can take, a default fits) where no row may be read, such as a check of the pipeline.
     */
    public static TableMapping describeOnly(TableLookupSource source, Source connection) {
        StreamSchema schema = describe(source, connection);
        Map<String, Object[]> values = new LinkedHashMap<>();
        source.valueColumns().forEach(column -> values.put(column, new Object[0]));
        return new TableMapping(source, keyColumn(source, schema), valueColumns(source, schema), new String[0],
                Collections.unmodifiableMap(values));
    }

    private static StreamSchema describe(TableLookupSource source, Source connection) {
        Objects.requireNonNull(connection, "connection");
        StreamSchema schema = connection.describe(reference(source), source.readColumns());
        for (String column : source.readColumns()) {
            if (schema.indexOf(column) < 0) {
                throw new TransformDefinitionException(source.describe() + " has no column " + column
                        + "; its columns read are " + schema.columnNames());
            }
        }
        return schema;
    }

    private static StreamRef reference(TableLookupSource source) {
        return StreamRef.ofObject(source.table(), source.table());
    }

    private static Column keyColumn(TableLookupSource source, StreamSchema schema) {
        Column key = schema.column(source.keyColumn());
        if (!KeyIndex.KEY_TYPES.contains(key.type())) {
            throw new TransformDefinitionException(source.describe() + ": key column " + key.name() + " is "
                    + key.type() + ", whose values have no single exact text to match; a key column is one of "
                    + KeyIndex.KEY_TYPES);
        }
        return key;
    }

    private static Map<String, Column> valueColumns(TableLookupSource source, StreamSchema schema) {
        Map<String, Column> columns = new LinkedHashMap<>();
        source.valueColumns().forEach(name -> columns.put(name, schema.column(name)));
        return Collections.unmodifiableMap(columns);
    }

    public TableLookupSource source() {
        return source;
    }

    /** The table's key column as its connector describes it. */
    public Column keyColumn() {
        return keyColumn;
    }

    /** Value column {@code name} as its connector describes it. */
    Column column(String name) {
        return columns.get(name);
    }

    /** The values of column {@code name} by entry position; shared, never to be changed. */
    Object[] values(String name) {
        return values.get(name);
    }

    @Override
    public MappingShape shape() {
        return MappingShape.OBJECTS;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public String keyAt(int position) {
        return keys[position];
    }

    @Override
    public Set<String> fieldNames() {
        return columns.keySet();
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public String locate(int position) {
        return source.describe();
    }

    @Override
    public String mention(int position) {
        return "";
    }

    @Override
    public String name() {
        return "table " + source.table() + " through connection " + source.connection();
    }

    @Override
    public String toString() {
        return "TableMapping[" + source.connection() + ", " + source.table() + ", " + keys.length + " keys]";
    }
}

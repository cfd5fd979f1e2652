package dev.ferry.engine.transform.lookup;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.RowTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformContext;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Adds columns from the object a mapping file maps a key column's value to: by {@code branch},
 * {@code calendar_id} and {@code calendar_name} from {@code calendars.json}; or from the row of a
 * table whose key column holds the value ({@link TableLookupSource}, read once per run through the
 * {@link TransformContext} given at bind, each added column typed as the table's column). The added columns follow
 * the input's, in the order given; the key columns stay the input's.
 *
 * <p>Keys are matched as by {@link LookupValue} (canonical text, optionally ignoring case). A null key
 * gives null in every added column; a key the file does not have follows
 * {@link Options#whenMissing()}: rejected (naming the key and the file), nulls, each column's default,
 * or the row dropped ({@link MissingKey#SKIP_ROW}: {@link BoundRowTransform#apply} returns null).
 * An added column named like an input column, or like another added one, is refused at bind.
 *
 * <p>The file is read at the first bind through the {@link MappingFileCache} given. Immutable and
 * thread-safe.
 */
public final class LookupColumns implements RowTransform {
    private final Options options;
    private final MappingFileCache cache;

    /**
     * One column to add.
     *
     * @param field    the field of the mapped objects it takes
     * @param column   the new column's name
     * @param type     its declared type, or null to take it from the field's values
     * @param fallback with {@link MissingKey#DEFAULT} the value (text, a number or a boolean) for a missing
     *                 key; otherwise null
     */
    public record Added(String field, String column, ColumnType type, Object fallback) {

        public Added {
            if (field == null || field.isBlank()) {
                throw new TransformDefinitionException("lookup columns: a column to add needs the field it takes");
            }
            if (column == null || column.isBlank()) {
                throw new TransformDefinitionException("lookup columns: the column for field '" + field
                        + "' needs a name");
            }
            if (type != null && !MappedValues.OUTPUT_TYPES.contains(type)) {
                throw new TransformDefinitionException("lookup columns: column " + column + " cannot be " + type
                        + "; one of " + MappedValues.OUTPUT_TYPES);
            }
            fallback = MappedValues.normaliseDefault(fallback, "lookup columns: column " + column);
        }

        /** Field {@code field} as a column of the same name, its type inferred, no default. */
        public static Added of(String field) {
            return new Added(field, field, null, null);
        }

        public Added as(String name) {
            return new Added(field, name, type, fallback);
        }

        public Added type(ColumnType declared) {
            return new Added(field, column, declared, fallback);
        }

        public Added defaultTo(Object value) {
            return new Added(field, column, type, Objects.requireNonNull(value, "default"));
        }
    }

    /**
     * @param source      the mapping file, whose entries map to objects
     * @param keyColumn   the input column whose value is looked up
     * @param columns     the columns to add, at least one
     * @param ignoreCase  whether keys match ignoring case
     * @param whenMissing what a key the file does not have gives
     */
    public record Options(LookupSource source, String keyColumn, List<Added> columns, boolean ignoreCase,
                          MissingKey whenMissing) {

        public Options {
            Objects.requireNonNull(source, "mapping source");
            Objects.requireNonNull(whenMissing, "missing key policy");
            String who = "lookup columns from " + source.label();
            if (keyColumn == null || keyColumn.isBlank()) {
                throw new TransformDefinitionException(who + ": name the key column whose values are looked up");
            }
            columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
            if (columns.isEmpty()) {
                throw new TransformDefinitionException(who + ": name at least one field to add as a column");
            }
            Set<String> names = new HashSet<>();
            for (Added added : columns) {
                if (!names.add(added.column())) {
                    throw new TransformDefinitionException(who + ": column " + added.column() + " is added twice");
                }
                if (whenMissing == MissingKey.DEFAULT && added.fallback() == null) {
                    throw new TransformDefinitionException(who + ": missing keys get defaults, but column "
                            + added.column() + " has none");
                }
                if (whenMissing != MissingKey.DEFAULT && added.fallback() != null) {
                    throw new TransformDefinitionException(who + ": column " + added.column()
                            + " has a default but missing keys get " + whenMissing.name().toLowerCase(Locale.ROOT)
                            + "; choose default to use it");
                }
                if (source instanceof TableLookupSource table) {
                    if (!table.valueColumns().contains(added.field())) {
                        throw new TransformDefinitionException(who + ": column " + added.column() + " takes column "
                                + added.field() + ", which is not among the value columns read " + table.valueColumns());
                    }
                    if (added.type() != null) {
                        throw new TransformDefinitionException(who + ": column " + added.column() + " has the type of"
                                + " column " + added.field() + " of the table; declare no type, and cast after the lookup");
                    }
                }
            }
        }

        /** Adds {@code columns} by {@code keyColumn}, case-sensitive, missing keys rejected. */
        public static Options of(LookupSource source, String keyColumn, List<Added> columns) {
            return new Options(source, keyColumn, columns, false, MissingKey.ERROR);
        }

        public Options ignoringCase() {
            return new Options(source, keyColumn, columns, true, whenMissing);
        }

        public Options whenMissing(MissingKey policy) {
            return new Options(source, keyColumn, columns, ignoreCase, policy);
        }
    }

    /** Columns from a file read on first bind and kept by this transform only. */
    public LookupColumns(Options options) {
        this(options, new MappingFileCache());
    }

    /** Columns from a file read through {@code cache}, shared by the run's lookups. */
    public LookupColumns(Options options, MappingFileCache cache) {
        this.options = Objects.requireNonNull(options, "options");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "lookup_columns";
    }

    /** Binds a file lookup; a table lookup needs {@link #bind(StreamSchema, TransformContext)}. */
    @Override
    public BoundRowTransform bind(StreamSchema input) {
        return bind(input, TransformContext.NONE);
    }

    @Override
    public BoundRowTransform bind(StreamSchema input, TransformContext context) {
        String who = "lookup columns by " + options.keyColumn() + " in stream " + input.name();
        int keyPosition = input.indexOf(options.keyColumn());
        if (keyPosition < 0) {
            throw new TransformDefinitionException(who + ": the stream has no column " + options.keyColumn()
                    + "; its columns are " + input.columnNames());
        }
        for (Added added : options.columns()) {
            if (input.indexOf(added.column()) >= 0) {
                throw new TransformDefinitionException(who + ": the stream already has a column " + added.column()
                        + "; add the field under another name");
            }
        }
        Column keyColumn = input.columns().get(keyPosition);
        Mapping mapping = context.mappingFilesOr(cache).mappingOf(options.source(), context.lookupTables());
        if (mapping.shape() != MappingShape.OBJECTS) {
            throw new TransformDefinitionException(who + ": " + mapping.describe()
                    + " maps keys to single values, not to objects with fields; use a value lookup for it");
        }
        KeyIndex index = KeyIndex.build(mapping, keyColumn, options.ignoreCase(), who);
        List<Column> columns = new ArrayList<>(input.columns());
        MappedValues[] planned = new MappedValues[options.columns().size()];
        for (int i = 0; i < planned.length; i++) {
            Added added = options.columns().get(i);
            if (!mapping.fieldNames().contains(added.field())) {
                throw new TransformDefinitionException(who + ": " + mapping.describe() + " has no field '"
                        + added.field() + "'; its fields are " + mapping.fieldNames());
            }
            planned[i] = MappedValues.plan(mapping, added.field(), added.type(), added.fallback(),
                    who + ", column " + added.column());
            boolean nullable = planned[i].anyNull() || keyColumn.nullable() || options.whenMissing() == MissingKey.NULL;
            columns.add(new Column(added.column(), planned[i].type(), nullable, planned[i].precision(),
                    planned[i].scale()));
        }
        StreamSchema output = new StreamSchema(input.name(), columns, input.keyColumns());
        int width = input.columns().size();
        String describeMapping = mapping.name();
        return new BoundRowTransform() {
            @Override
            public StreamSchema output() {
                return output;
            }

            @Override
            public Object[] apply(Object[] row) {
                Object[] result = new Object[width + planned.length];
                System.arraycopy(row, 0, result, 0, width);
                Object value = row[keyPosition];
                if (value == null) {
                    return result;
                }
                String key = KeyIndex.text(value);
                int position = index.find(key);
                if (position >= 0) {
                    for (int i = 0; i < planned.length; i++) {
                        result[width + i] = planned[i].values()[position];
                    }
                    return result;
                }
                switch (options.whenMissing()) {
                    case NULL -> {
                        return result;
                    }
                    case DEFAULT -> {
                        for (int i = 0; i < planned.length; i++) {
                            result[width + i] = planned[i].fallback();
                        }
                        return result;
                    }
                    case SKIP_ROW -> {
                        return null;
                    }
                    default -> throw new RejectedValueException(keyColumn.name(),
                            "no mapping for " + Shortened.quote(key) + " in " + describeMapping);
                }
            }
        };
    }
}

package dev.ferry.engine.transform.lookup;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformContext;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.util.Objects;

/**
 * Replaces a column's value by what a mapping file maps it to: {@code 1 -> "ON_TIME"} from a file of
 * scalars, or one field of the mapped object ({@code "ROMA" -> calendar_id}) from a file of objects;
 * or by a column of the row of a table whose key column holds the value ({@link TableLookupSource},
 * read once per run through the {@link TransformContext} given at bind, the output typed as the
 * table's column).
 *
 * <p>Keys are matched by the value's canonical text (see the package documentation: DECIMAL
 * {@code 1.0} looks up {@code "1"}), optionally ignoring case. The output column keeps the input's
 * name; without a declared type, its type follows the mapped values (all text: STRING; all integers:
 * BIGINT; numbers with decimals: DECIMAL wide enough for each; all booleans: BOOLEAN; a mix, or only
 * nulls, is refused at bind); with one, every mapped value must convert exactly or the bind fails
 * naming the key. A null value gives null without a lookup; a key the file does not have follows
 * {@link Options#whenMissing()}: rejected (naming the key and the file), null, or the default.
 *
 * <p>The file is read at the first {@link #bind} through the {@link MappingFileCache} given (one per
 * run), then every bind plans from it. Immutable and thread-safe; the bound transform holds only
 * immutable tables.
 */
public final class LookupValue implements ValueTransform {
    private final Options options;
    private final MappingFileCache cache;

    /**
     * @param source      the mapping file
     * @param field       the field of each entry's object to take, or null for a file of scalars
     * @param ignoreCase  whether keys match ignoring case
     * @param whenMissing ERROR, NULL or DEFAULT (SKIP_ROW is for {@link LookupColumns})
     * @param fallback    with DEFAULT the value (text, a number or a boolean) given for a missing key;
     *                    otherwise null
     * @param type        the declared output type, or null to take it from the mapped values
     */
    public record Options(LookupSource source, String field, boolean ignoreCase, MissingKey whenMissing,
                          Object fallback, ColumnType type) {

        public Options {
            Objects.requireNonNull(source, "mapping source");
            Objects.requireNonNull(whenMissing, "missing key policy");
            String who = "lookup of " + source.label();
            if (field != null && field.isBlank()) {
                throw new TransformDefinitionException(who + ": the field is blank; name a field of the mapped objects,"
                        + " or leave it out for a file of values");
            }
            if (whenMissing == MissingKey.SKIP_ROW) {
                throw new TransformDefinitionException(who + ": skip_row drops rows, which a value lookup cannot do;"
                        + " use a column lookup (LookupColumns), or error, null or default");
            }
            if (whenMissing == MissingKey.DEFAULT && fallback == null) {
                throw new TransformDefinitionException(who + ": missing keys get the default, but no default is given"
                        + " (for null, choose null)");
            }
            if (whenMissing != MissingKey.DEFAULT && fallback != null) {
                throw new TransformDefinitionException(who + ": a default is given but missing keys get "
                        + whenMissing.name().toLowerCase(java.util.Locale.ROOT) + "; choose default to use it");
            }
            fallback = MappedValues.normaliseDefault(fallback, who);
            if (type != null && !MappedValues.OUTPUT_TYPES.contains(type)) {
                throw new TransformDefinitionException(who + ": the output type cannot be " + type + "; one of "
                        + MappedValues.OUTPUT_TYPES);
            }
            if (source instanceof TableLookupSource table) {
                if (field == null || !table.valueColumns().contains(field)) {
                    throw new TransformDefinitionException(who + ": name the column whose value the lookup takes"
                            + " (one of the value columns " + table.valueColumns() + ")");
                }
                if (type != null) {
                    throw new TransformDefinitionException(who + ": the value has the type of column " + field
                            + " of the table; declare no type, and cast after the lookup for another");
                }
            }
        }

        /** Values of a file of scalars, case-sensitive, missing keys rejected, the type inferred. */
        public static Options of(MappingSource source) {
            return new Options(source, null, false, MissingKey.ERROR, null, null);
        }

        /** Values of the table's only value column, case-sensitive, missing keys rejected, the column's type. */
        public static Options of(TableLookupSource table) {
            if (table.valueColumns().size() != 1) {
                throw new TransformDefinitionException("lookup of " + table.label()
                        + ": a value lookup takes one column of the table, not " + table.valueColumns());
            }
            return new Options(table, table.valueColumns().get(0), false, MissingKey.ERROR, null, null);
        }

        /** Takes {@code name} of each mapped object. */
        public Options field(String name) {
            return new Options(source, Objects.requireNonNull(name, "field"), ignoreCase, whenMissing, fallback, type);
        }

        public Options ignoringCase() {
            return new Options(source, field, true, whenMissing, fallback, type);
        }

        /** Missing keys rejected ({@link MissingKey#ERROR}) or null ({@link MissingKey#NULL}). */
        public Options whenMissing(MissingKey policy) {
            return new Options(source, field, ignoreCase, policy, null, type);
        }

        /** Missing keys give {@code value}. */
        public Options defaultTo(Object value) {
            return new Options(source, field, ignoreCase, MissingKey.DEFAULT, value, type);
        }

        public Options type(ColumnType declared) {
            return new Options(source, field, ignoreCase, whenMissing, fallback, declared);
        }
    }

    /** A lookup whose file is read on first bind and kept by this transform only. */
    public LookupValue(Options options) {
        this(options, new MappingFileCache());
    }

    /** A lookup reading its file through {@code cache}, shared by the run's lookups. */
    public LookupValue(Options options, MappingFileCache cache) {
        this.options = Objects.requireNonNull(options, "options");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "lookup";
    }

    /** Binds a file lookup; a table lookup needs {@link #bind(Column, TransformContext)}. */
    @Override
    public BoundValueTransform bind(Column input) {
        return bind(input, TransformContext.NONE);
    }

    @Override
    public BoundValueTransform bind(Column input, TransformContext context) {
        String who = "lookup on column " + input.name();
        Mapping mapping = context.mappingFilesOr(cache).mappingOf(options.source(), context.lookupTables());
        if (options.field() == null && mapping.shape() == MappingShape.OBJECTS) {
            throw new TransformDefinitionException(who + ": " + mapping.describe()
                    + " maps keys to objects; choose the field to take, one of " + mapping.fieldNames());
        }
        if (options.field() != null && mapping.shape() == MappingShape.SCALARS) {
            throw new TransformDefinitionException(who + ": " + mapping.describe()
                    + " maps keys to values, not objects, so it has no field '" + options.field() + "'");
        }
        if (options.field() != null && !mapping.fieldNames().contains(options.field())) {
            throw new TransformDefinitionException(who + ": " + mapping.describe() + " has no field '"
                    + options.field() + "'; its fields are " + mapping.fieldNames());
        }
        KeyIndex index = KeyIndex.build(mapping, input, options.ignoreCase(), who);
        MappedValues values = MappedValues.plan(mapping, options.field(), options.type(), options.fallback(), who);
        boolean nullable = input.nullable() || values.anyNull() || options.whenMissing() == MissingKey.NULL;
        Column output = new Column(input.name(), values.type(), nullable, values.precision(), values.scale());
        String describeMapping = mapping.name();
        return new BoundValueTransform() {
            @Override
            public Column output() {
                return output;
            }

            @Override
            public Object apply(Object value) {
                if (value == null) {
                    return null;
                }
                String key = KeyIndex.text(value);
                int position = index.find(key);
                if (position >= 0) {
                    return values.values()[position];
                }
                return switch (options.whenMissing()) {
                    case NULL -> null;
                    case DEFAULT -> values.fallback();
                    default -> throw new RejectedValueException(input.name(),
                            "no mapping for " + Shortened.quote(key) + " in " + describeMapping);
                };
            }
        };
    }
}

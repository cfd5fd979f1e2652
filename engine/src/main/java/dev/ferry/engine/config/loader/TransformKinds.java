package dev.ferry.engine.config.loader;

import dev.ferry.api.ColumnType;
import dev.ferry.engine.config.loader.TransformSection.StepInput;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.expression.ComputeColumn;
import dev.ferry.engine.transform.expression.ContentHash;
import dev.ferry.engine.transform.expression.FilterRows;
import dev.ferry.engine.transform.expression.OutputType;
import dev.ferry.engine.transform.identity.EmailTransform;
import dev.ferry.engine.transform.identity.ExtensionPolicy;
import dev.ferry.engine.transform.identity.InvalidValuePolicy;
import dev.ferry.engine.transform.identity.PhoneTransform;
import dev.ferry.engine.transform.identity.TaxCodeTransform;
import dev.ferry.engine.transform.lookup.LookupColumns;
import dev.ferry.engine.transform.lookup.LookupSource;
import dev.ferry.engine.transform.lookup.LookupValue;
import dev.ferry.engine.transform.lookup.MappingSource;
import dev.ferry.engine.transform.lookup.MissingKey;
import dev.ferry.engine.transform.lookup.TableLookupSource;

import dev.ferry.engine.transform.values.Cast;
import dev.ferry.engine.transform.values.ConvertZone;
import dev.ferry.engine.transform.values.DefaultValue;
import dev.ferry.engine.transform.values.DstOverlap;
import dev.ferry.engine.transform.values.FormatTemporal;
import dev.ferry.engine.transform.values.LowerCase;
import dev.ferry.engine.transform.values.ParseTemporal;
import dev.ferry.engine.transform.values.Trim;
import dev.ferry.engine.transform.values.Truncate;
import dev.ferry.engine.transform.values.UpperCase;
import dev.ferry.engine.transform.values.ValueMap;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every kind of transform a stream's {@code transforms:} may list, with its settings. A new kind is
 * one entry here: its name, whether it applies to columns, its setting names, an example for
 * messages, and how it reads them into steps.
 *
 * <pre>{@code
 * - trim: nome                      # or {columns: [nome, cognome], inner: true} (inner runs of spaces become one)
 * - upper: codice                   # lower: email
 * - truncate: {column: note, length: 200}
 * - default: {column: paese, value: IT}          # a null becomes the value, read for the column's type
 * - cast: {column: eta, to: integer}             # also precision, scale, pattern, zone; exact or refused
 * - map: {column: stage, values: {closedwon: FINISHED, closedlost: LOST}, else: OPEN}
 *     # or unmapped: error (the default) | keep; ignore_case; type
 * - parse_date: {column: nascita, patterns: [dd/MM/uuuu, uuuu-MM-dd], type: date, zone: Europe/Rome}
 *     # type: date | timestamp | timestamp_tz; overlap: reject | earlier | later; base_year; locale
 * - format_date: {column: nascita, pattern: dd/MM/uuuu}
 * - convert_zone: {column: creato, to: UTC}      # from: the zone of a column of local times
 * - compute: {column: nome_completo, expr: "nome + ' ' + cognome"}   # CEL; replaces a column of that name
 *     # type (with precision, scale) when the result type should be another; columns that are not
 *     # identifiers are row["Nome Cognome"]
 * - filter: "stato != 'ANNULLATO'"   # CEL, true for the rows to keep; or {expr: ...}
 * - hash: {column: row_hash, of: [nome, cognome, nascita], algorithm: sha-256}   # of: all columns when left out
 * - phone: {column: telefono, region: IT, invalid: error, extensions: reject, blank_as_null: false}
 *     # E.164 (+390612345678); invalid: error | null | keep; extensions: reject | drop
 * - tax_code: {column: cf, invalid: error, numeric: false, blank_as_null: false}
 *     # Italian codice fiscale, upper case without spaces, check character and omocodia checked;
 *     # numeric: also 11-digit codes
 * - email: {column: email, invalid: error, lower_local_part: false, blank_as_null: false}
 * - lookup: {column: operatore, file: operators.json, key_field: code, field: id, missing: error,
 *            default: X, ignore_case: false, type: bigint}
 *     # the column's value replaced by the mapped value (or one field of the mapped object);
 *     # missing: error | null | default; file: JSON, YAML or CSV beside the pipeline file
 * - lookup_columns: {key: branch, file: calendars.json, key_field: branch, add: {calendar_id: id},
 *                    missing: error, ignore_case: false}
 *     # adds columns (new name: field of the mapped object); missing: error | null | skip_row
 * - lookup: {column: stato, connection: crm, table: public.stati, key_column: codice, field: nome,
 *            max_rows: 1000000}
 * - lookup_columns: {key: branch, connection: crm, table: sedi, key_column: codice, add: {calendar_id: calendario}}
 *     # instead of file: a table read once per run through a connection of the pipeline (any of
 *     # connections:); field and add name its columns, whose types the output takes; no type;
 *     # a table of more than max_rows rows (default 1,000,000) is refused
 * }</pre>
 */
final class TransformKinds {

    /** How a kind reads its step's value into steps. */
    @FunctionalInterface
    interface Reader {
        List<TransformStep> read(StepInput input);
    }

    /**
     * @param takesColumns whether it applies to named columns ({@code column}/{@code columns}, or the shorthand)
     * @param settings     its setting names besides column/columns
     */
    record Kind(String name, boolean takesColumns, List<String> settings, String example, Reader reader) {
        /** The setting a plain text value stands for, for kinds that take no columns ({@code - filter: "x > 1"}). */
        String scalarSetting() {
            return name.equals("filter") ? "expr" : null;
        }
    }

    private static final Map<String, Kind> KINDS = kinds();

    private TransformKinds() {
    }

    static Kind find(String name) {
        return KINDS.get(name);
    }

    static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    private static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        add(kinds, new Kind("trim", true, List.of("inner"), "- trim: nome", TransformKinds::trim));
        add(kinds, new Kind("upper", true, List.of(), "- upper: codice", input -> input.onEachColumn(new UpperCase())));
        add(kinds, new Kind("lower", true, List.of(), "- lower: email", input -> input.onEachColumn(new LowerCase())));
        add(kinds, new Kind("truncate", true, List.of("length"), "- truncate: {column: note, length: 200}",
                TransformKinds::truncate));
        add(kinds, new Kind("default", true, List.of("value"), "- default: {column: paese, value: IT}",
                TransformKinds::defaultValue));
        add(kinds, new Kind("cast", true, List.of("to", "precision", "scale", "pattern", "zone"),
                "- cast: {column: eta, to: integer}", TransformKinds::cast));
        add(kinds, new Kind("map", true, List.of("values", "else", "unmapped", "ignore_case", "type"),
                "- map: {column: stage, values: {closedwon: FINISHED}, else: OPEN}", TransformKinds::map));
        add(kinds, new Kind("parse_date", true, List.of("patterns", "type", "zone", "overlap", "base_year", "locale"),
                "- parse_date: {column: nascita, patterns: [dd/MM/uuuu], type: date}", TransformKinds::parseDate));
        add(kinds, new Kind("format_date", true, List.of("pattern", "zone", "overlap", "base_year", "locale"),
                "- format_date: {column: nascita, pattern: dd/MM/uuuu}", TransformKinds::formatDate));
        add(kinds, new Kind("convert_zone", true, List.of("to", "from", "overlap"),
                "- convert_zone: {column: creato, to: UTC}", TransformKinds::convertZone));
        add(kinds, new Kind("compute", false, List.of("column", "expr", "type", "precision", "scale"),
                "- compute: {column: nome_completo, expr: \"nome + ' ' + cognome\"}", TransformKinds::compute));
        add(kinds, new Kind("filter", false, List.of("expr"), "- filter: \"stato != 'ANNULLATO'\"", TransformKinds::filter));
        add(kinds, new Kind("hash", false, List.of("column", "of", "algorithm"),
                "- hash: {column: row_hash, of: [nome, cognome, nascita]}", TransformKinds::hash));
        add(kinds, new Kind("phone", true, List.of("region", "invalid", "extensions", "blank_as_null"),
                "- phone: {column: telefono, region: IT}", TransformKinds::phone));
        add(kinds, new Kind("tax_code", true, List.of("invalid", "numeric", "blank_as_null"),
                "- tax_code: codice_fiscale", TransformKinds::taxCode));
        add(kinds, new Kind("email", true, List.of("invalid", "lower_local_part", "blank_as_null"),
                "- email: email", TransformKinds::email));
        add(kinds, new Kind("lookup", true, List.of("file", "at", "key_field", "field", "missing", "default", "ignore_case", "type",
                "connection", "table", "key_column", "max_rows"),
                "- lookup: {column: operatore, file: operators.json, field: id}", TransformKinds::lookup));
        add(kinds, new Kind("lookup_columns", false, List.of("key", "file", "at", "key_field", "add", "missing", "ignore_case",
                "connection", "table", "key_column", "max_rows"),
                "- lookup_columns: {key: branch, file: calendars.json, add: {calendar_id: id}}",
                TransformKinds::lookupColumns));
        return kinds;
    }

    private static void add(Map<String, Kind> kinds, Kind kind) {
        kinds.put(kind.name(), kind);
    }

    private static List<TransformStep> trim(StepInput input) {
        return input.onEachColumn(input.flag("inner", false) ? Trim.endsAndInnerRuns() : Trim.ends());
    }

    private static List<TransformStep> truncate(StepInput input) {
        return input.onEachColumn(new Truncate(wholeNumber(input, "length", true)));
    }

    private static List<TransformStep> defaultValue(StepInput input) {
        String value = required(input, "value", "the value a null becomes, written as for the column's type");
        return input.onEachColumn(new DefaultValue(value));
    }

    private static List<TransformStep> cast(StepInput input) {
        ColumnType to = columnType(required(input, "to", "the type to cast to, such as integer or decimal"));
        Integer precision = input.has("precision") ? wholeNumber(input, "precision", true) : null;
        Integer scale = input.has("scale") ? wholeNumber(input, "scale", false) : null;
        return input.onEachColumn(new Cast(to, precision == null ? 0 : precision, scale == null ? 0 : scale,
                input.text("pattern"), zone(input, "zone")));
    }

    private static List<TransformStep> map(StepInput input) {
        if (input.settings() == null || !input.settings().has("values")) {
            throw new IllegalArgumentException("needs values: a map of values as read to values as written");
        }
        Map<String, String> values = new LinkedHashMap<>();
        input.settings().textMap("values").forEach((from, to) -> values.put(from, to.value()));
        if (input.has("else") && input.has("unmapped")) {
            throw new IllegalArgumentException("give else (what unmapped values become) or unmapped (error or keep), not both");
        }
        ValueMap.Unmapped unmapped = ValueMap.Unmapped.reject();
        if (input.has("else")) {
            YamlNode node = input.settings().get("else");
            unmapped = ValueMap.Unmapped.orElse(node instanceof YamlNode.YamlScalar scalar && scalar.isNull()
                    ? null : input.text("else"));
        } else if (input.has("unmapped")) {
            unmapped = switch (input.text("unmapped").strip().toLowerCase(Locale.ROOT)) {
                case "error" -> ValueMap.Unmapped.reject();
                case "keep" -> ValueMap.Unmapped.keep();
                default -> throw new IllegalArgumentException("unmapped must be error or keep (or give else: a value), not '"
                        + input.text("unmapped") + "'");
            };
        }
        ColumnType type = input.has("type") ? columnType(input.text("type")) : null;
        return input.onEachColumn(new ValueMap(values, unmapped, input.flag("ignore_case", false), type));
    }

    private static List<TransformStep> parseDate(StepInput input) {
        if (input.settings() == null || !input.settings().has("patterns")) {
            throw new IllegalArgumentException("needs patterns: the java.time patterns tried in order, such as [dd/MM/uuuu]");
        }
        List<String> patterns = input.settings().names("patterns").stream().map(Fields.Named::value).toList();
        ColumnType type = input.has("type") ? columnType(input.text("type")) : ColumnType.DATE;
        return input.onEachColumn(new ParseTemporal(patterns, type, zone(input, "zone"), overlap(input),
                input.has("base_year") ? wholeNumber(input, "base_year", false) : null, locale(input)));
    }

    private static List<TransformStep> formatDate(StepInput input) {
        String pattern = required(input, "pattern", "the java.time pattern to write, such as dd/MM/uuuu");
        return input.onEachColumn(new FormatTemporal(pattern, zone(input, "zone"), overlap(input),
                input.has("base_year") ? wholeNumber(input, "base_year", false) : null, locale(input)));
    }

    private static List<TransformStep> convertZone(StepInput input) {
        ZoneId to = zone(input, "to");
        if (to == null) {
            throw new IllegalArgumentException("needs to: the zone to convert to, such as UTC or Europe/Rome");
        }
        return input.onEachColumn(new ConvertZone(to, zone(input, "from"), overlap(input)));
    }

    private static List<TransformStep> compute(StepInput input) {
        String column = required(input, "column", "the column it writes: a new one, or one it replaces");
        String expression = required(input, "expr", "a CEL expression over the row's columns");
        OutputType type = null;
        if (input.has("type")) {
            type = new OutputType(columnType(input.text("type")),
                    input.has("precision") ? wholeNumber(input, "precision", true) : 0,
                    input.has("scale") ? wholeNumber(input, "scale", false) : 0);
        }
        return List.of(new TransformStep.OnRow(new ComputeColumn(new ComputeColumn.Options(column, expression, type))));
    }

    private static List<TransformStep> filter(StepInput input) {
        String expression = input.scalar() != null ? input.scalar()
                : required(input, "expr", "a CEL expression true for the rows to keep");
        return List.of(new TransformStep.OnRow(new FilterRows(expression)));
    }

    private static List<TransformStep> hash(StepInput input) {
        String column = required(input, "column", "the column that gets the hash");
        List<String> of = input.settings() != null && input.settings().has("of")
                ? input.settings().names("of").stream().map(Fields.Named::value).toList() : List.of();
        ContentHash.Algorithm algorithm = ContentHash.Algorithm.SHA_256;
        if (input.has("algorithm")) {
            String text = input.text("algorithm").strip();
            algorithm = java.util.Arrays.stream(ContentHash.Algorithm.values())
                    .filter(candidate -> candidate.name().replace('_', '-').equalsIgnoreCase(text)
                            || candidate.name().replace("_", "").equalsIgnoreCase(text))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "algorithm must be sha-256 or sha-512, not '" + text + "'"));
        }
        return List.of(new TransformStep.OnRow(new ContentHash(new ContentHash.Options(column, of, algorithm))));
    }

    private static String required(StepInput input, String key, String what) {
        String value = input.text(key);
        if (value == null) {
            throw new IllegalArgumentException("needs " + key + ": " + what);
        }
        return value;
    }

    private static int wholeNumber(StepInput input, String key, boolean positive) {
        String text = required(input, key, "a whole number");
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= (positive ? 1 : 0)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least " + (positive ? 1 : 0)
                + ", not '" + text + "'");
    }

    private static ZoneId zone(StepInput input, String key) {
        String text = input.text(key);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(key + " '" + text + "' is not a time zone; use a region such as "
                    + "Europe/Rome or UTC");
        }
    }

    private static DstOverlap overlap(StepInput input) {
        String text = input.text("overlap");
        if (text == null) {
            return null;
        }
        for (DstOverlap overlap : DstOverlap.values()) {
            if (overlap.name().equalsIgnoreCase(text.strip())) {
                return overlap;
            }
        }
        throw new IllegalArgumentException("overlap must be reject, earlier or later, not '" + text + "'");
    }

    private static Locale locale(StepInput input) {
        String text = input.text("locale");
        return text == null ? null : Locale.forLanguageTag(text.strip());
    }

    private static List<TransformStep> phone(StepInput input) {
        PhoneTransform.Options options = PhoneTransform.Options.defaults();
        if (input.has("region")) {
            options = options.withDefaultRegion(input.text("region"));
        }
        if (input.has("invalid")) {
            options = options.withOnInvalid(InvalidValuePolicy.named(input.text("invalid")));
        }
        if (input.has("extensions")) {
            options = options.withExtensions(ExtensionPolicy.named(input.text("extensions")));
        }
        options = options.withBlankAsNull(input.flag("blank_as_null", false));
        return input.onEachColumn(PhoneTransform.of(options));
    }

    private static List<TransformStep> taxCode(StepInput input) {
        TaxCodeTransform.Options options = TaxCodeTransform.Options.defaults()
                .withAcceptNumeric(input.flag("numeric", false))
                .withBlankAsNull(input.flag("blank_as_null", false));
        if (input.has("invalid")) {
            options = options.withOnInvalid(InvalidValuePolicy.named(input.text("invalid")));
        }
        return input.onEachColumn(TaxCodeTransform.of(options));
    }

    private static List<TransformStep> email(StepInput input) {
        EmailTransform.Options options = EmailTransform.Options.defaults()
                .withLowerCaseLocalPart(input.flag("lower_local_part", false))
                .withBlankAsNull(input.flag("blank_as_null", false));
        if (input.has("invalid")) {
            options = options.withOnInvalid(InvalidValuePolicy.named(input.text("invalid")));
        }
        return input.onEachColumn(EmailTransform.of(options));
    }

    private static List<TransformStep> lookup(StepInput input) {
        if (input.has("connection") && !input.has("file") && !input.has("field")) {
            throw new IllegalArgumentException("needs field: the column of the table whose value replaces the key");
        }
        LookupSource source = lookupSource(input, input.has("field") ? List.of(input.text("field").strip()) : List.of());
        if (source instanceof TableLookupSource && input.has("type")) {
            throw new TransformSection.SettingProblem("type", "a table lookup gives the type of the table's column "
                    + input.text("field").strip() + "; leave type out, and cast after the lookup for another");
        }
        LookupValue.Options options = switch (source) {
            case MappingSource file -> LookupValue.Options.of(file);
            case TableLookupSource table -> LookupValue.Options.of(table);
        };
        if (input.has("field")) {
            options = options.field(input.text("field").strip());
        }
        if (input.flag("ignore_case", false)) {
            options = options.ignoringCase();
        }
        MissingKey missing = missingKey(input, MissingKey.ERROR);
        if (missing == MissingKey.DEFAULT || input.has("default")) {
            if (!input.has("default")) {
                throw new IllegalArgumentException("missing: default needs a default: the value missing keys get");
            }
            if (input.has("missing") && missing != MissingKey.DEFAULT) {
                throw new IllegalArgumentException("a default is given but missing keys get "
                        + missing.name().toLowerCase(Locale.ROOT) + "; leave missing out, or set it to default");
            }
            options = options.defaultTo(input.text("default"));
        } else {
            options = options.whenMissing(missing);
        }
        if (input.has("type")) {
            options = options.type(columnType(input.text("type")));
        }
        return input.onEachColumn(new LookupValue(options));
    }

    private static List<TransformStep> lookupColumns(StepInput input) {
        String key = input.text("key");
        if (key == null) {
            throw new IllegalArgumentException("needs key: the column whose value is looked up");
        }
        if (input.settings() == null || !input.settings().has("add")) {
            throw new IllegalArgumentException("needs add: the new columns, each new name: field of the mapped object"
                    + " (or column of the table)");
        }
        Map<String, Fields.Named> add = input.settings().textMap("add");
        if (add.isEmpty()) {
            return List.of();
        }
        List<LookupColumns.Added> columns = new ArrayList<>();
        add.forEach((column, field) -> columns.add(LookupColumns.Added.of(field.value()).as(column)));
        List<String> taken = columns.stream().map(LookupColumns.Added::field).distinct().toList();
        LookupColumns.Options options = LookupColumns.Options.of(lookupSource(input, taken), key, columns)
                .whenMissing(missingKey(input, MissingKey.ERROR));
        if (input.flag("ignore_case", false)) {
            options = options.ignoringCase();
        }
        return List.of(new TransformStep.OnRow(new LookupColumns(options)));
    }

    /**
     * The mapping file or the table a lookup reads: exactly one of {@code file} and {@code connection}.
     *
     * @param valueColumns what a table lookup takes of the table
     */
    private static LookupSource lookupSource(StepInput input, List<String> valueColumns) {
        boolean file = input.has("file");
        boolean connection = input.has("connection");
        if (file && connection) {
            throw new IllegalArgumentException("give file (a mapping file) or connection (a table read through it), not both");
        }
        if (file) {
            Map<String, String> tableOnly = Map.of(
                    "table", "this lookup reads the mapping file; to read a table, give connection: instead of file:",
                    "key_column", "a mapping file names its key field with key_field",
                    "max_rows", "a mapping file is limited by its size instead");
            for (String key : List.of("table", "key_column", "max_rows")) {
                if (input.has(key)) {
                    throw new TransformSection.SettingProblem(key, key + " is for a lookup in a table through a connection; "
                            + tableOnly.get(key));
                }
            }
            return mappingSource(input);
        }
        if (!connection) {
            if (input.has("table")) {
                throw new TransformSection.SettingProblem("table", "a table is read through a connection: add connection:"
                        + " (one of " + Suggestions.join(input.connections().declared()) + ")");
            }
            throw new IllegalArgumentException("needs file: the JSON, YAML or CSV file of the mapping, beside the pipeline"
                    + " file; or connection:, table: and key_column: to look up in a table");
        }
        return tableSource(input, valueColumns);
    }

    private static TableLookupSource tableSource(StepInput input, List<String> valueColumns) {
        String connection = input.text("connection").strip();
        String problem = input.connections().problemWith(connection);
        if (problem != null) {
            throw new TransformSection.SettingProblem("connection", problem);
        }
        String table = input.text("table");
        if (table == null) {
            throw new IllegalArgumentException("needs table: the table to look up in through connection " + connection
                    + " (schema-qualified where needed, such as sales.operators)");
        }
        if (input.has("key_field")) {
            throw new TransformSection.SettingProblem("key_field", "key_field names the key field of a mapping file;"
                    + " a table names the column that holds its keys with key_column");
        }
        if (input.has("at")) {
            throw new TransformSection.SettingProblem("at", "at names the field of a mapping file that holds the mapping;"
                    + " a table is read whole");
        }
        String keyColumn = input.text("key_column");
        if (keyColumn == null) {
            throw new IllegalArgumentException("needs key_column: the column of table " + table.strip()
                    + " that holds the keys");
        }
        long maxRows = TableLookupSource.DEFAULT_MAX_ROWS;
        if (input.has("max_rows")) {
            try {
                maxRows = wholeNumber(input, "max_rows", true);
            } catch (IllegalArgumentException e) {
                throw new TransformSection.SettingProblem("max_rows", e.getMessage());
            }
        }
        return new TableLookupSource(connection, table.strip(), keyColumn.strip(), valueColumns, maxRows);
    }

    private static MappingSource mappingSource(StepInput input) {
        java.nio.file.Path path = input.folder().resolve(input.text("file")).normalize();
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new IllegalArgumentException("file " + path + " does not exist or is not a file");
        }
        MappingSource source = MappingSource.of(path);
        String keyField = input.text("key_field");
        source = keyField == null ? source : source.withKeyField(keyField);
        String at = input.text("at");
        return at == null ? source : source.withAt(at);
    }

    private static MissingKey missingKey(StepInput input, MissingKey fallback) {
        String text = input.text("missing");
        if (text == null) {
            return fallback;
        }
        for (MissingKey policy : MissingKey.values()) {
            if (policy.name().equalsIgnoreCase(text.strip())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("missing must be one of error, null, default, skip_row, not '" + text + "'");
    }

    private static ColumnType columnType(String text) {
        for (ColumnType type : ColumnType.values()) {
            if (type.name().equalsIgnoreCase(text.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("type must be one of "
                + Suggestions.join(java.util.Arrays.stream(ColumnType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList())
                + ", not '" + text + "'");
    }
}

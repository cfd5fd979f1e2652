package dev.ferry.engine.config.loader;

import dev.ferry.api.ColumnType;
import dev.ferry.engine.config.loader.TransformSection.StepInput;
import dev.ferry.engine.transform.TransformStep;
import dev.ferry.engine.transform.identity.EmailTransform;
import dev.ferry.engine.transform.identity.ExtensionPolicy;
import dev.ferry.engine.transform.identity.InvalidValuePolicy;
import dev.ferry.engine.transform.identity.PhoneTransform;
import dev.ferry.engine.transform.identity.TaxCodeTransform;
import dev.ferry.engine.transform.lookup.LookupColumns;
import dev.ferry.engine.transform.lookup.LookupValue;
import dev.ferry.engine.transform.lookup.MappingSource;
import dev.ferry.engine.transform.lookup.MissingKey;

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
        add(kinds, new Kind("phone", true, List.of("region", "invalid", "extensions", "blank_as_null"),
                "- phone: {column: telefono, region: IT}", TransformKinds::phone));
        add(kinds, new Kind("tax_code", true, List.of("invalid", "numeric", "blank_as_null"),
                "- tax_code: codice_fiscale", TransformKinds::taxCode));
        add(kinds, new Kind("email", true, List.of("invalid", "lower_local_part", "blank_as_null"),
                "- email: email", TransformKinds::email));
        add(kinds, new Kind("lookup", true, List.of("file", "key_field", "field", "missing", "default", "ignore_case", "type"),
                "- lookup: {column: operatore, file: operators.json, field: id}", TransformKinds::lookup));
        add(kinds, new Kind("lookup_columns", false, List.of("key", "file", "key_field", "add", "missing", "ignore_case"),
                "- lookup_columns: {key: branch, file: calendars.json, add: {calendar_id: id}}",
                TransformKinds::lookupColumns));
        return kinds;
    }

    private static void add(Map<String, Kind> kinds, Kind kind) {
        kinds.put(kind.name(), kind);
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
        LookupValue.Options options = LookupValue.Options.of(mappingSource(input));
        if (input.has("field")) {
            options = options.field(input.text("field"));
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
            throw new IllegalArgumentException("needs add: the new columns, each new name: field of the mapped object");
        }
        Map<String, Fields.Named> add = input.settings().textMap("add");
        if (add.isEmpty()) {
            return List.of();
        }
        List<LookupColumns.Added> columns = new ArrayList<>();
        add.forEach((column, field) -> columns.add(LookupColumns.Added.of(field.value()).as(column)));
        LookupColumns.Options options = LookupColumns.Options.of(mappingSource(input), key, columns)
                .whenMissing(missingKey(input, MissingKey.ERROR));
        if (input.flag("ignore_case", false)) {
            options = options.ignoringCase();
        }
        return List.of(new TransformStep.OnRow(new LookupColumns(options)));
    }

    private static MappingSource mappingSource(StepInput input) {
        String file = input.text("file");
        if (file == null) {
            throw new IllegalArgumentException("needs file: the JSON, YAML or CSV file of the mapping, beside the pipeline file");
        }
        java.nio.file.Path path = input.folder().resolve(file).normalize();
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new IllegalArgumentException("file " + path + " does not exist or is not a file");
        }
        MappingSource source = MappingSource.of(path);
        String keyField = input.text("key_field");
        return keyField == null ? source : source.withKeyField(keyField);
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

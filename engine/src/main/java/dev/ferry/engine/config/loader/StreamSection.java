package dev.ferry.engine.config.loader;

import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Lookback;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.config.loader.Fields.Named;
import dev.ferry.engine.config.loader.YamlNode.YamlList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code defaults:} and {@code streams:}, checking each stream against the rules of its sync mode. */
final class StreamSection {

    private static final List<String> DEFAULT_KEYS = List.of("sync", "write", "naming", "lookback", "deletes",
            "max_bad_rows", "max_bad_ratio");
    private static final List<String> STREAM_KEYS = List.of("name", "table", "view", "query", "destination_table",
            "key", "columns", "flatten", "rename", "naming", "sync", "write", "cursor", "lookback", "deletes",
            "reconcile_every", "allow_empty_source", "transforms", "max_bad_rows", "max_bad_ratio", "depends_on");
    private static final List<String> SOURCE_KEYS = List.of("table", "view", "query");

    private static final Map<String, SyncMode> SYNC_MODES = options(SyncMode.values());
    private static final Map<String, WriteMode> WRITE_MODES = options(WriteMode.values());
    private static final Map<String, Naming> NAMINGS = options(Naming.values());
    private static final Map<String, DeletePolicy> DELETE_POLICIES = options(DeletePolicy.values());
    private static final Map<String, Boolean> BOOLEANS = booleans();

    private final Problems problems;
    /** Where relative paths of a stream's settings (mapping files) are taken from: the pipeline file's folder. */
    private final java.nio.file.Path folder;
    /** The connections a stream's table lookups may name. */
    private final ConnectionReferences connections;

    StreamSection(Problems problems, java.nio.file.Path folder, ConnectionReferences connections) {
        this.problems = problems;
        this.folder = folder;
        this.connections = connections;
    }

    /**
     * A setting with the field it came from, so a conflict is reported where it was written. An
     * invalid setting (already reported) carries the fallback value and silences checks that depend
     * on it, which would otherwise report mistakes the user did not make.
     */
    private record Setting<T>(T value, String path, YamlNode at, boolean valid) {
        static <T> Setting<T> builtIn(T value) {
            return new Setting<>(value, null, null, true);
        }

        boolean isExplicit() {
            return at != null;
        }
    }

    private record Defaults(Setting<SyncMode> sync, Setting<WriteMode> write, Setting<Naming> naming,
                            Setting<Lookback> lookback, Setting<DeletePolicy> deletes, BadRowLimits badRows) {
    }

    /** Where a stream name or destination table was first used, to report a second use. */
    private record FirstUse(int index, int line) {
    }

    List<StreamConfig> read(Fields root) {
        Defaults defaults = readDefaults(root);
        YamlNode node = root.get("streams");
        if (node == null) {
            root.missing("streams", "is required: a list of streams, each with a table, view or query");
            return List.of();
        }
        if (!(node instanceof YamlList list)) {
            problems.add(node, "streams", "must be a list of streams (items starting with '- '), found " + node.kind());
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(node, "streams", "must list at least one stream");
            return List.of();
        }
        List<StreamConfig> streams = new ArrayList<>();
        Map<String, FirstUse> names = new HashMap<>();
        Map<String, FirstUse> destinations = new HashMap<>();
        StreamDependencies dependencies = new StreamDependencies(problems);
        for (int i = 0; i < list.items().size(); i++) {
            StreamConfig stream = readStream(list.items().get(i), i, defaults, names, destinations, dependencies);
            if (stream != null) {
                streams.add(stream);
            }
        }
        dependencies.check();
        return streams;
    }

    private Defaults readDefaults(Fields root) {
        Setting<SyncMode> sync = Setting.builtIn(StreamConfig.DEFAULT_SYNC);
        Setting<WriteMode> write = Setting.builtIn(StreamConfig.DEFAULT_WRITE);
        Setting<Naming> naming = Setting.builtIn(StreamConfig.DEFAULT_NAMING);
        Setting<Lookback> lookback = Setting.builtIn(Lookback.NONE);
        Setting<DeletePolicy> deletes = Setting.builtIn(StreamConfig.DEFAULT_DELETES);
        BadRowLimits badRows = StreamConfig.DEFAULT_BAD_ROWS;
        YamlNode node = root.get("defaults");
        if (node != null) {
            Fields fields = Fields.open(node, "defaults", problems, "a map of stream settings ("
                    + Suggestions.join(DEFAULT_KEYS) + ")", DEFAULT_KEYS);
            if (fields != null) {
                sync = setting(fields, "sync", fields.choice("sync", SYNC_MODES), sync);
                write = setting(fields, "write", fields.choice("write", WRITE_MODES), write);
                naming = setting(fields, "naming", fields.choice("naming", NAMINGS), naming);
                lookback = setting(fields, "lookback", lookback(fields), lookback);
                deletes = setting(fields, "deletes", fields.choice("deletes", DELETE_POLICIES), deletes);
                badRows = badRowLimits(fields, badRows);
                if (sync.valid() && write.valid() && sync.isExplicit() && write.isExplicit()
                        && sync.value() != SyncMode.FULL_REFRESH
                        && write.value() == WriteMode.OVERWRITE) {
                    problems.add(write.at(), write.path(), overwriteConflict(sync.value()));
                }
            }
        }
        return new Defaults(sync, write, naming, lookback, deletes, badRows);
    }

    private StreamConfig readStream(YamlNode node, int index, Defaults defaults,
                                    Map<String, FirstUse> names, Map<String, FirstUse> destinations,
                                    StreamDependencies dependencies) {
        String path = "streams[" + index + "]";
        Fields fields = Fields.open(node, path, problems,
                "a map with one of table, view or query and the stream's settings", STREAM_KEYS);
        if (fields == null) {
            return null;
        }
        int problemsBefore = problems.count();

        String table = null;
        String query = null;
        String sourceKey = null;
        for (String key : SOURCE_KEYS) {
            if (!fields.has(key)) {
                continue;
            }
            if (sourceKey != null) {
                fields.problem(key, "give only one of table, view or query; this stream already has " + sourceKey);
                continue;
            }
            sourceKey = key;
            if (key.equals("query")) {
                query = fields.text(key);
            } else {
                table = fields.text(key);
            }
        }
        if (sourceKey == null) {
            problems.add(fields.map(), path, "needs one of table, view or query (the source to read)");
        }

        Setting<SyncMode> sync = setting(fields, "sync", fields.choice("sync", SYNC_MODES), defaults.sync());
        Setting<WriteMode> write = setting(fields, "write", fields.choice("write", WRITE_MODES), defaults.write());
        Setting<Naming> naming = setting(fields, "naming", fields.choice("naming", NAMINGS), defaults.naming());
        Setting<Lookback> lookback = setting(fields, "lookback", lookback(fields), defaults.lookback());
        Setting<DeletePolicy> deletes = setting(fields, "deletes", fields.choice("deletes", DELETE_POLICIES),
                defaults.deletes());
        Integer reconcileEvery = fields.wholeNumber("reconcile_every", 0, Integer.MAX_VALUE, "of runs, 0 or more");
        Boolean allowEmptySource = fields.choice("allow_empty_source", BOOLEANS);
        Boolean flatten = fields.choice("flatten", BOOLEANS);
        BadRowLimits badRows = badRowLimits(fields, defaults.badRows());
        boolean incremental = sync.value() == SyncMode.INCREMENTAL;
        boolean modesValid = sync.valid() && write.valid();

        String name = fields.text("name");
        if (name == null && !fields.has("name")) {
            if (table != null) {
                name = unqualified(table);
            } else if (query != null) {
                fields.missing("name", "is required when a stream reads a query");
            }
        }
        String destinationTable = fields.text("destination_table");
        if (destinationTable == null && !fields.has("destination_table") && name != null) {
            destinationTable = naming.value().apply(name);
        }

        List<Named> key = fields.names("key");
        List<Named> columns = fields.names("columns");
        Map<String, Named> rename = fields.textMap("rename");
        String cursor = fields.text("cursor");
        dev.ferry.engine.transform.TransformChain transforms = new TransformSection(problems, folder, connections).read(fields);
        List<String> dependsOn = dependencies.read(fields, names.containsKey(name) ? null : name);

        if (modesValid) {
            checkModes(fields, sync, write, "view".equals(sourceKey) ? "a view" : query != null ? "a query" : null, key);
            checkDeletes(fields, sync.value(), write.value(), deletes);
        }
        // A cursor on a stream that is not incremental is already an error; do not add a second one.
        checkAgainstSelection(fields, columns, key, cursor, incremental, rename);
        checkRenameTargets(rename);
        checkUnique(fields, "name", name, "stream name", index, names);
        checkUnique(fields, "destination_table", destinationTable, "destination table", index, destinations);

        if (problems.count() != problemsBefore || name == null || destinationTable == null
                || (table == null) == (query == null)) {
            return null;
        }
        return new StreamConfig(name, table, query, destinationTable, values(key), values(columns),
                rename.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value())),
                naming.value(), sync.value(), write.value(), incremental ? cursor : null,
                incremental ? lookback.value() : Lookback.NONE,
                deletes.value() == DeletePolicy.NONE ? DeleteSettings.NONE : new DeleteSettings(deletes.value(),
                        Boolean.TRUE.equals(allowEmptySource), reconcileEvery != null ? reconcileEvery : 0),
                transforms, badRows, dependsOn, Boolean.TRUE.equals(flatten));
    }

    /** {@code max_bad_rows} and {@code max_bad_ratio}, each given or else taken from {@code inherited}. */
    private static BadRowLimits badRowLimits(Fields fields, BadRowLimits inherited) {
        Integer maxRows = fields.wholeNumber("max_bad_rows", 0, Integer.MAX_VALUE, "of rows, 0 or more");
        Double maxRatio = fields.fraction("max_bad_ratio");
        return new BadRowLimits(maxRows != null ? maxRows : inherited.maxRows(),
                maxRatio != null ? maxRatio : inherited.maxRatio());
    }

    private void checkDeletes(Fields fields, SyncMode sync, WriteMode write, Setting<DeletePolicy> deletes) {
        if (!deletes.valid()) {
            return;
        }
        if (deletes.value() != DeletePolicy.NONE && write == WriteMode.OVERWRITE) {
            problems.add(deletes.at(), deletes.path(), "deletes: " + optionName(deletes.value()) + " needs write: upsert;"
                    + " an overwrite already replaces every row" + (isFromStream(deletes) ? "" : " (set deletes: none on"
                    + " the stream)"));
        }
        if (sync == SyncMode.CHANGES) {
            if (deletes.value() == DeletePolicy.SOFT) {
                problems.add(deletes.at(), deletes.path(), "deletes: soft is not available with sync: changes; use "
                        + "deletes: hard to apply the source's deletes, or none to keep deleted rows");
            }
            for (String key : List.of("reconcile_every", "allow_empty_source")) {
                if (fields.has(key)) {
                    fields.problem(key, key + " has no use with sync: changes: the source's change log says which "
                            + "rows were deleted");
                }
            }
            return;
        }
        if (deletes.value() == DeletePolicy.NONE) {
            for (String key : List.of("reconcile_every", "allow_empty_source")) {
                if (fields.has(key)) {
                    fields.problem(key, key + " only applies to streams that remove missing rows; add deletes: hard "
                            + "or deletes: soft");
                }
            }
        }
        if (sync != SyncMode.INCREMENTAL && fields.has("reconcile_every")) {
            fields.problem("reconcile_every", "reconcile_every is only used by incremental streams; a "
                    + optionName(sync) + " stream finds missing rows on every complete read");
        }
    }

    /** @param keyless "a query" or "a view" when the source has no primary key to take the key from, else null */
    private void checkModes(Fields fields, Setting<SyncMode> sync, Setting<WriteMode> write, String keyless,
                            List<Named> key) {
        boolean incremental = sync.value() == SyncMode.INCREMENTAL;
        checkWriteMode(sync, write);
        if (incremental && !fields.has("cursor")) {
            fields.missing("cursor", "is required for sync: incremental; name the column whose value grows "
                    + "with every change, such as an updated-at timestamp or an increasing id");
        }
        if (!incremental && fields.has("cursor")) {
            fields.problem("cursor", "cursor is only used by incremental streams; this stream's sync is "
                    + optionName(sync.value()));
        }
        if (!incremental && fields.has("lookback")) {
            fields.problem("lookback", "lookback is only used by incremental streams; this stream's sync is "
                    + optionName(sync.value()));
        }
        if (keyless != null && key.isEmpty() && !fields.has("key")
                && (sync.value() != SyncMode.FULL_REFRESH || write.value() == WriteMode.UPSERT)) {
            fields.missing("key", "is required when a stream reads " + keyless + " with sync: " + optionName(sync.value())
                    + " and write: " + optionName(write.value()) + "; " + keyless + " has no primary key to take it from");
        }
    }

    private void checkWriteMode(Setting<SyncMode> sync, Setting<WriteMode> write) {
        if (sync.value() == SyncMode.FULL_REFRESH || write.value() != WriteMode.OVERWRITE) {
            return;
        }
        if (isFromStream(write) || !isFromStream(sync)) {
            // When both come from defaults, every stream reports the same problem there; Problems keeps one.
            problems.add(write.at(), write.path(), overwriteConflict(sync.value()));
        } else {
            problems.add(sync.at(), sync.path(), optionName(sync.value()) + " needs write: upsert, "
                    + "but this stream inherits write: overwrite from defaults; set write: upsert on the stream");
        }
    }

    private static boolean isFromStream(Setting<?> setting) {
        return setting.isExplicit() && setting.path().startsWith("streams[");
    }

    private static String overwriteConflict(SyncMode sync) {
        return "must be upsert for sync: " + optionName(sync) + "; overwrite is only valid with sync: full_refresh";
    }

    private void checkAgainstSelection(Fields fields, List<Named> columns, List<Named> key, String cursor,
                                       boolean checkCursor, Map<String, Named> rename) {
        if (columns.isEmpty()) {
            return;
        }
        Set<String> selected = columns.stream().map(Named::value).collect(Collectors.toSet());
        String hint = "; add it to columns (" + Suggestions.join(values(columns)) + ")";
        for (Named column : key) {
            if (!selected.contains(column.value())) {
                problems.add(column.at(), column.path(), "key column '" + column.value() + "' is not in columns" + hint
                        + Suggestions.didYouMean(column.value(), selected));
            }
        }
        if (cursor != null && checkCursor && !selected.contains(cursor)) {
            fields.problem("cursor", "cursor column '" + cursor + "' is not in columns" + hint
                    + Suggestions.didYouMean(cursor, selected));
        }
        rename.forEach((source, target) -> {
            if (!selected.contains(source)) {
                problems.add(target.at(), target.path(), "renames column '" + source + "', which is not in columns"
                        + hint + Suggestions.didYouMean(source, selected));
            }
        });
    }

    private void checkRenameTargets(Map<String, Named> rename) {
        Map<String, String> sourceByTarget = new HashMap<>();
        rename.forEach((source, target) -> {
            String earlier = sourceByTarget.putIfAbsent(target.value(), source);
            if (earlier != null) {
                problems.add(target.at(), target.path(), "'" + target.value() + "' is already the new name of '"
                        + earlier + "'; each column needs its own name");
            }
        });
    }

    private void checkUnique(Fields fields, String key, String value, String what, int index, Map<String, FirstUse> seen) {
        if (value == null) {
            return;
        }
        FirstUse first = seen.putIfAbsent(value, new FirstUse(index, fields.map().line()));
        if (first != null) {
            fields.problem(key, "duplicate " + what + " '" + value + "': streams[" + first.index() + "] on line "
                    + first.line() + " uses it too" + (key.equals("name") ? "; give each stream its own name" : ""));
        }
    }

    private Lookback lookback(Fields fields) {
        YamlNode node = fields.get("lookback");
        if (node == null || Fields.isUnresolved(node)) {
            return null;
        }
        String text = Fields.text(node, fields.pathOf("lookback"), problems);
        if (text == null) {
            return null;
        }
        try {
            return LookbackParser.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(node, fields.pathOf("lookback"), e.getMessage());
            return null;
        }
    }

    /** The explicit value when given, else the inherited one. */
    private static <T> Setting<T> setting(Fields fields, String key, T explicit, Setting<T> inherited) {
        if (!fields.has(key)) {
            return inherited;
        }
        return new Setting<>(explicit != null ? explicit : inherited.value(), fields.pathOf(key), fields.get(key),
                explicit != null);
    }

    /** The last part of a possibly qualified, possibly quoted table name: {@code dbo."Sales"} gives {@code Sales}. */
    static String unqualified(String table) {
        int lastDot = -1;
        char quote = 0;
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == '.') {
                lastDot = i;
            }
        }
        String last = table.substring(lastDot + 1).strip();
        if (last.length() >= 2 && (last.startsWith("\"") && last.endsWith("\"")
                || last.startsWith("[") && last.endsWith("]") || last.startsWith("`") && last.endsWith("`"))) {
            return last.substring(1, last.length() - 1);
        }
        return last.isEmpty() ? table : last;
    }

    private static List<String> values(List<Named> named) {
        return named.stream().map(Named::value).toList();
    }

    static String optionName(Enum<?> option) {
        return option.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** true and false, in that order for the error that lists them. */
    private static Map<String, Boolean> booleans() {
        Map<String, Boolean> options = new LinkedHashMap<>();
        options.put("true", true);
        options.put("false", false);
        return options;
    }

    static <E extends Enum<E>> Map<String, E> options(E[] values) {
        Map<String, E> options = new LinkedHashMap<>();
        for (E value : values) {
            options.put(optionName(value), value);
        }
        return options;
    }
}

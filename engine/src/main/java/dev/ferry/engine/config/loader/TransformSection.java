package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlMap;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.TransformStep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream's {@code transforms:}: a list of steps, run in order on source column names (the
 * stream's renames and naming apply to what they give). Each step is a map with one key, the kind
 * of transform, whose value is a column name, a list of column names (the same transform on each),
 * or a map of the transform's settings with {@code column} or {@code columns}:
 * <pre>{@code
 * transforms:
 *   - email: email                             # one column, every setting at its default
 *   - phone: {column: telefono, region: IT, invalid: null}
 *   - tax_code: [codice_fiscale, cf_medico]
 *   - lookup: {column: operatore, file: operators.json, field: id}
 *   - lookup: {column: stato, connection: crm, table: public.stati, key_column: codice, field: nome}
 * }</pre>
 * Every kind and its settings are in {@link TransformKinds}. Mistakes are reported at their line,
 * with "did you mean" for a misspelled kind or setting.
 */
final class TransformSection {
    private final Problems problems;
    private final Path folder;
    private final ConnectionReferences connections;

    TransformSection(Problems problems, Path folder, ConnectionReferences connections) {
        this.problems = problems;
        this.folder = folder;
        this.connections = connections;
    }

    TransformChain read(Fields stream) {
        YamlNode node = stream.get("transforms");
        if (node == null) {
            return TransformChain.NONE;
        }
        String path = stream.pathOf("transforms");
        if (!(node instanceof YamlList list)) {
            problems.add(node, path, "must be a list of steps, each such as - trim: name, found " + node.kind());
            return TransformChain.NONE;
        }
        List<TransformStep> steps = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            steps.addAll(readStep(list.items().get(i), path + "[" + i + "]"));
        }
        return TransformChain.of(steps);
    }

    private List<TransformStep> readStep(YamlNode node, String path) {
        if (!(node instanceof YamlMap map) || map.entries().size() != 1) {
            problems.add(node, path, "must be a map with one key, the kind of transform ("
                    + Suggestions.join(TransformKinds.names()) + "), such as - trim: name");
            return List.of();
        }
        YamlNode.Entry entry = map.entries().values().iterator().next();
        String stepPath = path + "." + entry.key();
        TransformKinds.Kind kind = TransformKinds.find(entry.key());
        if (kind == null) {
            problems.add(entry.line(), entry.column(), stepPath, "unknown transform '" + entry.key() + "'; the kinds are "
                    + Suggestions.join(TransformKinds.names()) + Suggestions.didYouMean(entry.key(), TransformKinds.names()));
            return List.of();
        }
        StepInput input = StepInput.of(entry.value(), stepPath, kind, problems, folder, connections);
        if (input == null) {
            return List.of();
        }
        try {
            return kind.reader().read(input);
        } catch (SettingProblem e) {
            input.settings().problem(e.key(), e.getMessage());
            return List.of();
        } catch (TransformDefinitionException | IllegalArgumentException e) {
            problems.add(entry.value(), stepPath, e.getMessage());
            return List.of();
        }
    }

    /** A mistake in one setting of a step's map, reported at that setting's line rather than the step's. */
    static final class SettingProblem extends IllegalArgumentException {
        private final String key;

        /** @param key a setting the step's map has */
        SettingProblem(String key, String message) {
            super(message);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /**
     * A step's value as its kind reads it: the columns it applies to and its settings.
     *
     * @param columns  the columns named (by {@code column}, {@code columns}, or the shorthand); empty for
     *                 kinds that take none
     * @param settings the settings map, or null for the shorthand forms
     * @param folder      where relative file paths are taken from: the pipeline file's folder
     * @param connections the connections a table lookup may name
     */
    record StepInput(YamlNode at, String path, List<String> columns, Fields settings, String scalar, Problems problems,
                     Path folder, ConnectionReferences connections) {

        static StepInput of(YamlNode value, String path, TransformKinds.Kind kind, Problems problems, Path folder,
                            ConnectionReferences connections) {
            if (value instanceof YamlScalar && kind.scalarSetting() != null) {
                String text = Fields.text(value, path, problems);
                return text == null ? null : new StepInput(value, path, List.of(), null, text, problems, folder, connections);
            }
            if (value instanceof YamlScalar || value instanceof YamlList) {
                if (!kind.takesColumns()) {
                    problems.add(value, path, "needs its settings as a map: " + kind.example());
                    return null;
                }
                List<String> columns = columnNames(value, path, problems);
                return columns.isEmpty() ? null : new StepInput(value, path, columns, null, null, problems, folder, connections);
            }
            List<String> allowed = new ArrayList<>(kind.settings());
            if (kind.takesColumns()) {
                allowed.add("column");
                allowed.add("columns");
            }
            Fields fields = Fields.open(value, path, problems, "a column name, a list of them, or a map of settings "
                    + "such as " + kind.example(), allowed);
            if (fields == null) {
                return null;
            }
            List<String> columns = List.of();
            if (kind.takesColumns()) {
                if (fields.has("column") == fields.has("columns")) {
                    problems.add(value, path, "needs exactly one of column or columns: the column(s) it applies to");
                    return null;
                }
                String key = fields.has("column") ? "column" : "columns";
                columns = columnNames(fields.get(key), fields.pathOf(key), problems);
                if (columns.isEmpty()) {
                    return null;
                }
            }
            return new StepInput(value, path, columns, fields, null, problems, folder, connections);
        }

        private static List<String> columnNames(YamlNode node, String path, Problems problems) {
            List<YamlNode> items = node instanceof YamlList list ? list.items() : List.of(node);
            if (items.isEmpty()) {
                problems.add(node, path, "must name at least one column");
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String name = Fields.text(items.get(i), node instanceof YamlList ? path + "[" + i + "]" : path, problems);
                if (name == null) {
                    return List.of();
                }
                names.add(name.strip());
            }
            return names;
        }

        /** A setting's text, or null when it is not given. */
        String text(String key) {
            return settings == null ? null : settings.text(key);
        }

        boolean has(String key) {
            return settings != null && settings.has(key);
        }

        /** A yes/no setting; {@code fallback} when not given. */
        boolean flag(String key, boolean fallback) {
            String value = text(key);
            if (value == null) {
                return fallback;
            }
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes" -> true;
                case "false", "no" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
            };
        }

        /** The same step on each column. */
        List<TransformStep> onEachColumn(dev.ferry.engine.transform.ValueTransform transform) {
            return columns.stream().<TransformStep>map(column -> new TransformStep.OnColumn(column, transform)).toList();
        }
    }
}

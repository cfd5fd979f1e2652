package dev.ferry.engine.config.loader;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlMap;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

/** Reads one YAML document into a {@link YamlNode} tree, reporting syntax errors with their line. */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Problems problems;

    YamlTreeReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root, or null when it is empty or not valid YAML (a problem is then recorded). */
    YamlNode read(String content) {
        try (JsonParser parser = FACTORY.createParser(content)) {
            if (parser.nextToken() == null) {
                problems.add(0, 0, null, "the file is empty; a pipeline needs at least pipeline, connections, "
                        + "source, destination and streams");
                return null;
            }
            YamlNode root = readValue(parser, null, "");
            JsonToken next = parser.nextToken();
            if (next != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(at.getLineNr(), at.getColumnNr(), null,
                        "only one YAML document is allowed per pipeline file");
            }
            return root;
        } catch (StreamReadException e) {
            reportSyntaxError(e);
            return null;
        } catch (IOException e) {
            problems.add(0, 0, null, "cannot parse the file (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private YamlNode readValue(JsonParser parser, Entry key, String path) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = key != null ? key.line() : at.getLineNr();
        int column = key != null ? key.column() : at.getColumnNr();
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMap(parser, line, column, path);
            case START_ARRAY -> readList(parser, line, column, path);
            case VALUE_NULL -> new YamlScalar(null, at.getLineNr(), at.getColumnNr());
            default -> {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    problems.add(at.getLineNr(), at.getColumnNr(), path,
                            "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
                }
                yield new YamlScalar(parser.getText(), at.getLineNr(), at.getColumnNr());
            }
        };
    }

    private YamlMap readMap(JsonParser parser, int line, int column, String path) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonLocation at = parser.currentTokenLocation();
            Entry keyOnly = new Entry(name, at.getLineNr(), at.getColumnNr(), null);
            parser.nextToken();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            YamlNode value = readValue(parser, keyOnly, keyPath);
            Entry first = entries.get(name);
            if (first != null) {
                problems.add(keyOnly.line(), keyOnly.column(), keyPath,
                        "duplicate key '" + name + "' (first given on line " + first.line() + ")");
                continue;
            }
            entries.put(name, new Entry(name, keyOnly.line(), keyOnly.column(), value));
        }
        return new YamlMap(entries, line, column);
    }

    private YamlList readList(JsonParser parser, int line, int column, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser, null, path + "[" + items.size() + "]"));
        }
        return new YamlList(items, line, column);
    }

    private void reportSyntaxError(StreamReadException e) {
        // SnakeYAML's full message quotes the offending line, which may hold a secret; keep only the problem.
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            problems.add(mark.getLine() + 1, mark.getColumn() + 1, null,
                    "invalid YAML: " + marked.getProblem() + context);
            return;
        }
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
        problems.add(line, column, null, "invalid YAML: " + e.getOriginalMessage());
    }
}

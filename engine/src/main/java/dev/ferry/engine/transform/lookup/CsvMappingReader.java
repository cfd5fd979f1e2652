package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 4180 reader: comma-separated fields, records ended by CRLF or LF (the last one may
 * lack it), fields optionally enclosed in double quotes with {@code ""} for a quote inside, quoted
 * fields spanning lines. Anything else (a quote inside an unquoted field, text after a closing quote,
 * a quote never closed, a lone CR, a record with more or fewer fields than the header) is refused
 * with its line and column, because a lenient reader would hand a lookup a wrong value.
 *
 * <p>An empty unquoted field is null; {@code ""} is the empty string (as PostgreSQL's CSV format).
 */
final class CsvMappingReader {
    private final MappingSource source;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private CsvMappingReader(MappingSource source, String text) {
        this.source = source;
        this.text = text;
    }

    static List<MappingEntry> read(MappingSource source, String text) {
        return new CsvMappingReader(source, text).entries();
    }

    private List<MappingEntry> entries() {
        if (source.keyField() == null) {
            throw new TransformDefinitionException(source.describe()
                    + ": a CSV mapping needs its key field: name the header column that holds the keys");
        }
        if (text.isEmpty()) {
            throw fail(1, 1, "the file is empty; a CSV mapping starts with a header row");
        }
        int headerLine = line;
        List<Field> header = record();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Field field = header.get(i);
            if (field.value == null || field.value.isEmpty()) {
                throw fail(field.line, field.column, "header column " + (i + 1) + " has no name");
            }
            Integer before = names.putIfAbsent(field.value, i);
            if (before != null) {
                throw fail(field.line, field.column, "header name '" + field.value + "' appears twice (columns "
                        + (before + 1) + " and " + (i + 1) + ")");
            }
        }
        Integer keyIndex = names.get(source.keyField());
        if (keyIndex == null) {
            throw fail(headerLine, 1, "the key field '" + source.keyField() + "' is not in the header " + names.keySet());
        }
        List<MappingEntry> entries = new ArrayList<>();
        while (pos < text.length()) {
            int recordLine = line;
            int recordColumn = pos - lineStart + 1;
            List<Field> fields = record();
            if (fields.size() != header.size()) {
                String what = fields.size() == 1 && fields.get(0).value == null ? "is empty"
                        : "has " + fields.size() + (fields.size() == 1 ? " field" : " fields");
                throw fail(recordLine, 1, "the record " + what + ", the header has " + header.size());
            }
            Map<String, Object> values = new LinkedHashMap<>();
            int i = 0;
            for (String name : names.keySet()) {
                values.put(name, fields.get(i++).value);
            }
            Field key = fields.get(keyIndex);
            if (key.value == null || key.value.isEmpty()) {
                throw fail(key.line, key.column, "the key field '" + source.keyField() + "' is empty");
            }
            entries.add(new MappingEntry(key.value, Collections.unmodifiableMap(values), recordLine, recordColumn));
        }
        return entries;
    }

    private record Field(String value, int line, int column) {
    }

    /** One record, consuming its end of line. */
    private List<Field> record() {
        List<Field> fields = new ArrayList<>();
        while (true) {
            fields.add(field());
            if (pos >= text.length()) {
                return fields;
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
                continue;
            }
            endOfLine();
            return fields;
        }
    }

    private void endOfLine() {
        char c = text.charAt(pos);
        if (c == '\r') {
            if (pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos++;
            } else {
                throw fail(line, pos - lineStart + 1, "a carriage return not followed by a line feed");
            }
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private Field field() {
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        if (pos < text.length() && text.charAt(pos) == '"') {
            pos++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw fail(startLine, startColumn, "the quoted field that starts here is never closed");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        value.append('"');
                        pos++;
                        continue;
                    }
                    if (pos < text.length() && !isEnd(text.charAt(pos))) {
                        throw fail(line, pos - lineStart + 1, "text after the closing quote of a field;"
                                + " a quote inside a quoted field is written twice (\"\")");
                    }
                    return new Field(value.toString(), startLine, startColumn);
                }
                if (c == '\n') {
                    line++;
                    lineStart = pos;
                }
                value.append(c);
            }
        }
        int start = pos;
        while (pos < text.length() && !isEnd(text.charAt(pos))) {
            if (text.charAt(pos) == '"') {
                throw fail(line, pos - lineStart + 1, "a quote inside an unquoted field;"
                        + " enclose the field in quotes and write the quote twice (\"\")");
            }
            pos++;
        }
        String value = text.substring(start, pos);
        return new Field(value.isEmpty() ? null : value, startLine, startColumn);
    }

    private static boolean isEnd(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    private TransformDefinitionException fail(int atLine, int atColumn, String what) {
        return new TransformDefinitionException(source.describe() + ", line " + atLine + ", column " + atColumn + ": " + what);
    }
}

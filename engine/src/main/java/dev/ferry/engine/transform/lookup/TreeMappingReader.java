package dev.ferry.engine.transform.lookup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON and YAML mappings token by token, so that every entry, every duplicate and every value
 * of the wrong kind is reported at its line and column (a tree reader would keep the last of two
 * duplicate keys without a word).
 *
 * <p>Numbers are kept exactly: integers as {@link Long} when they fit, otherwise, and for every number
 * with a point or an exponent, as {@link BigDecimal} of the text as written. A YAML integer written
 * in a form that is not plain decimal ({@code 0123}, {@code 0x1F}, {@code 1_000}) is refused, since
 * reading it as a number would change what a reader of the file sees (a code {@code 0123} is
 * not 123); such values are quoted to stay text. So are YAML's other readings that would change a value
 * unseen: {@code yes}/{@code no}/{@code on}/{@code off} as booleans, and aliases. A number used as
 * an array entry's key is its plain text: {@code 17}, {@code 1.50}, {@code 1e3} as {@code 1000}.
 */
final class TreeMappingReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(1000).build())
            .build();
    private static final JsonFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(1000).build())
            .build();

    private final MappingSource source;
    private final JsonParser parser;

    private TreeMappingReader(MappingSource source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    static List<MappingEntry> read(MappingSource source, String text) {
        JsonFactory factory = source.format() == MappingFormat.YAML ? YAML : JSON;
        try (JsonParser parser = factory.createParser(text)) {
            return new TreeMappingReader(source, parser).entries();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TransformDefinitionException(source.describe() + where + ": not valid "
                    + source.format().name() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TransformDefinitionException(source.describe() + " cannot be parsed: " + e.getMessage(), e);
        }
    }

    private List<MappingEntry> entries() throws IOException {
        JsonToken root = parser.nextToken();
        if (root == null) {
            throw fail(parser.currentTokenLocation(), "the file is empty; a mapping is an object of keys or an array"
                    + " of objects");
        }
        if (source.at() != null) {
            return entriesAt(root, source.at().split("/"), 0);
        }
        List<MappingEntry> entries = mapping(root);
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw fail(parser.currentTokenLocation(), "more content after the mapping (" + kind(after)
                    + "); a mapping file holds one object or array");
        }
        return entries;
    }

    /**
     * The mapping at the field path {@code steps[from..]} of the object just opened: the other fields
     * are skipped (each still read, so the file is checked to be well formed), a missing step is an
     * error naming it.
     */
    private List<MappingEntry> entriesAt(JsonToken opened, String[] steps, int from) throws IOException {
        if (opened != JsonToken.START_OBJECT) {
            throw fail(parser.currentTokenLocation(), "the field path " + source.at() + " goes through " + kind(opened)
                    + ", not an object");
        }
        List<MappingEntry> found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(steps[from]) && found == null) {
                found = from == steps.length - 1 ? mapping(value) : entriesAt(value, steps, from + 1);
            } else {
                parser.skipChildren();
            }
        }
        if (found == null) {
            throw fail(parser.currentTokenLocation(), "the file has no field " + String.join("/",
                    java.util.Arrays.copyOfRange(steps, 0, from + 1)) + " (the mapping's field path is " + source.at() + ")");
        }
        return found;
    }

    /** The mapping that starts at {@code root}: an object of keys or an array of objects. */
    private List<MappingEntry> mapping(JsonToken root) throws IOException {
        List<MappingEntry> entries;
        if (root == JsonToken.START_OBJECT) {
            if (source.keyField() != null) {
                throw fail(parser.currentTokenLocation(), "the file is an object of keys, so it takes no key field"
                        + " (a key field '" + source.keyField() + "' is for an array of objects)");
            }
            entries = objectOfKeys();
        } else if (root == JsonToken.START_ARRAY) {
            if (source.keyField() == null) {
                throw fail(parser.currentTokenLocation(), "the file is an array of objects: name the field that"
                        + " holds each entry's key");
            }
            entries = arrayOfObjects();
        } else {
            throw fail(parser.currentTokenLocation(), "a mapping is an object of keys or an array of objects, not "
                    + kind(root));
        }
        return entries;
    }

    private List<MappingEntry> objectOfKeys() throws IOException {
        List<MappingEntry> entries = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            JsonLocation at = parser.currentTokenLocation();
            refuseAlias();
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            Object value = token == JsonToken.START_OBJECT ? fields() : scalar(token);
            entries.add(new MappingEntry(key, value, at.getLineNr(), at.getColumnNr()));
        }
        return entries;
    }

    private List<MappingEntry> arrayOfObjects() throws IOException {
        List<MappingEntry> entries = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            JsonLocation at = parser.currentTokenLocation();
            if (token != JsonToken.START_OBJECT) {
                throw fail(at, "each element of the array is an object, not " + kind(token));
            }
            Map<String, Object> fields = fields();
            if (!fields.containsKey(source.keyField())) {
                throw fail(at, "the object has no key field '" + source.keyField() + "' (its fields: "
                        + fields.keySet() + ")");
            }
            Object key = fields.get(source.keyField());
            String keyText = keyText(key);
            if (keyText == null) {
                throw fail(at, "the key field '" + source.keyField() + "' is "
                        + (key == null ? "null" : "a boolean") + "; a key is text or a number");
            }
            entries.add(new MappingEntry(keyText, fields, at.getLineNr(), at.getColumnNr()));
        }
        return entries;
    }

    /** The fields of the object whose START_OBJECT is the current token. */
    private Map<String, Object> fields() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            JsonLocation at = parser.currentTokenLocation();
            String name = parser.currentName();
            Object value = scalar(parser.nextToken());
            if (fields.containsKey(name)) {
                throw fail(at, "field '" + name + "' appears twice in the same object");
            }
            fields.put(name, value);
        }
        return Collections.unmodifiableMap(fields);
    }

    private Object scalar(JsonToken token) throws IOException {
        refuseAlias();
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> bool(token);
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> integer();
            case VALUE_NUMBER_FLOAT -> decimal();
            default -> throw fail(parser.currentTokenLocation(), "a mapped value is text, a number, true, false or"
                    + " null, not " + kind(token));
        };
    }

    /**
     * YAML reads {@code yes}, {@code no}, {@code on} and {@code off} as booleans, which is rarely what a
     * mapping's author meant ({@code NO} is Norway); only {@code true} and {@code false} are taken.
     */
    private Boolean bool(JsonToken token) throws IOException {
        String text = parser.getText();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw fail(parser.currentTokenLocation(), "'" + text + "' would be read as the boolean "
                    + (token == JsonToken.VALUE_TRUE) + "; write true or false, or quote it to keep it as text");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /** Jackson hands a YAML alias ({@code *name}) over as its name, which is not the value it stands for. */
    private void refuseAlias() throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw fail(parser.currentTokenLocation(), "an alias (*" + parser.getText()
                    + ") is not read in a mapping file; write the value out");
        }
    }

    private Object integer() throws IOException {
        String text = parser.getText();
        BigInteger value;
        try {
            value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || !value.toString().equals(text.startsWith("+") ? text.substring(1) : text)) {
            throw fail(parser.currentTokenLocation(), "the number " + text + " is not written in plain decimal, so it"
                    + " would not be read as written; quote it to keep it as text");
        }
        return value.bitLength() < 64 ? (Object) value.longValue() : new BigDecimal(value);
    }

    private Object decimal() throws IOException {
        String text = parser.getText();
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            throw fail(parser.currentTokenLocation(), "the number " + text + " has no exact decimal value (such as"
                    + " .inf or .nan); quote it to keep it as text");
        }
    }

    /** A key's text: text as is, a number as written; null for anything else. */
    private static String keyText(Object key) {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof Long number) {
            return number.toString();
        }
        if (key instanceof BigDecimal number) {
            return number.toString().contains("E") ? number.toPlainString() : number.toString();
        }
        return null;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "binary data";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private TransformDefinitionException fail(JsonLocation at, String what) {
        return new TransformDefinitionException(source.describe() + ", line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ": " + what);
    }
}

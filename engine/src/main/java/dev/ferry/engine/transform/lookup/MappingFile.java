package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A mapping read from a JSON, YAML or CSV file: keys (text) to a value or to an object of fields.
 *
 * <p>Three shapes are read:
 * <ul>
 *   <li>an object of key to value: {@code {"1": "ON_TIME", "2": "AT_RISK"}} ({@link MappingShape#SCALARS});</li>
 *   <li>an object of key to object: {@code {"ROMA": {"calendar_id": "c1", "calendar_name": "Roma"}}}
 *       ({@link MappingShape#OBJECTS});</li>
 *   <li>an array of objects with a key field, {@code [{"branch": "ROMA", "calendar_id": "c1"}]}, and a
 *       CSV file with a header row, keyed by one of its columns ({@link MappingShape#OBJECTS}).</li>
 * </ul>
 * The file is UTF-8 (a byte order mark is allowed), at most {@link MappingSource#maxBytes()} long.
 * A key that appears twice, an object whose entries mix values and objects, a nested object or list
 * as a value, an empty mapping: each is refused with the file, line and column, as is a file that
 * cannot be read or parsed. Field values of objects are scalars.
 *
 * <p>Immutable and thread-safe once read. Read once per run through a {@link MappingFileCache}.
 */
public final class MappingFile implements Mapping {
    private final MappingSource source;
    private final MappingShape shape;
    private final List<MappingEntry> entries;
    private final Map<String, MappingEntry> byKey;

    private MappingFile(MappingSource source, MappingShape shape, List<MappingEntry> entries,
                        Map<String, MappingEntry> byKey) {
        this.source = source;
        this.shape = shape;
        this.entries = entries;
        this.byKey = byKey;
    }

    /**
     * Reads and checks the whole file now.
     *
     * @throws TransformDefinitionException naming the file and, where there is one, the line and column
     */
    public static MappingFile read(MappingSource source) {
        Objects.requireNonNull(source, "mapping source");
        String text = MappingText.read(source);
        List<MappingEntry> entries = source.format() == MappingFormat.CSV
                ? CsvMappingReader.read(source, text)
                : TreeMappingReader.read(source, text);
        if (entries.isEmpty()) {
            throw new TransformDefinitionException(source.describe() + " has no entries; a lookup needs at least one key");
        }
        MappingShape shape = entries.get(0).value() instanceof Map<?, ?> ? MappingShape.OBJECTS : MappingShape.SCALARS;
        Map<String, MappingEntry> byKey = HashMap.newHashMap(entries.size());
        for (MappingEntry entry : entries) {
            MappingShape entryShape = entry.value() instanceof Map<?, ?> ? MappingShape.OBJECTS : MappingShape.SCALARS;
            if (entryShape != shape) {
                throw new TransformDefinitionException(at(source, entry) + ": key " + Shortened.quote(entry.key())
                        + " maps to " + (entryShape == MappingShape.OBJECTS ? "an object" : "a value") + " but key "
                        + Shortened.quote(entries.get(0).key()) + " (line " + entries.get(0).line() + ") maps to "
                        + (shape == MappingShape.OBJECTS ? "an object" : "a value")
                        + "; every key of a mapping maps to the same kind");
            }
            MappingEntry first = byKey.putIfAbsent(entry.key(), entry);
            if (first != null) {
                throw new TransformDefinitionException(at(source, entry) + ": duplicate key "
                        + Shortened.quote(entry.key()) + ", first at line " + first.line() + ", column " + first.column());
            }
        }
        return new MappingFile(source, shape, Collections.unmodifiableList(new ArrayList<>(entries)), byKey);
    }

    static String at(MappingSource source, MappingEntry entry) {
        return source.describe() + ", line " + entry.line() + ", column " + entry.column();
    }

    public MappingSource source() {
        return source;
    }

    @Override
    public MappingShape shape() {
        return shape;
    }

    /** The entries in the file's order. */
    public List<MappingEntry> entries() {
        return entries;
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** The entry of exactly this key, or null. */
    public MappingEntry find(String key) {
        return byKey.get(key);
    }

    /** Names of the fields the entries' objects have, in order of first appearance; empty for scalars. */
    @Override
    public Set<String> fieldNames() {
        Set<String> names = new LinkedHashSet<>();
        for (MappingEntry entry : entries) {
            names.addAll(entry.fields().keySet());
        }
        return Collections.unmodifiableSet(names);
    }

    @Override
    public String keyAt(int position) {
        return entries.get(position).key();
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public String locate(int position) {
        return at(source, entries.get(position));
    }

    @Override
    public String mention(int position) {
        return " (line " + entries.get(position).line() + ")";
    }

    @Override
    public String name() {
        return "mapping file " + source.path();
    }

    @Override
    public String toString() {
        return "MappingFile[" + source.path() + ", " + entries.size() + " " + shape.name().toLowerCase(java.util.Locale.ROOT)
                + "]";
    }
}

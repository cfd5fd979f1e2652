package dev.ferry.engine.transform.lookup;

import java.util.Map;
import java.util.Objects;

/**
 * One key of a mapping file and what it maps to. Immutable.
 *
 * <p>Values are {@link String}, {@link Long} (integers that fit), {@link java.math.BigDecimal} (other
 * numbers, exactly as written), {@link Boolean}, or null (a JSON or YAML null, an empty unquoted CSV
 * field).
 *
 * @param key    the key's text, as written in the file; never null
 * @param value  for {@link MappingShape#SCALARS} the mapped value (may be null); for
 *               {@link MappingShape#OBJECTS} an unmodifiable map of field name to value, in the file's
 *               order (the key field included)
 * @param line   the line the entry starts at, from 1
 * @param column the column it starts at, from 1
 */
public record MappingEntry(String key, Object value, int line, int column) {

    public MappingEntry {
        Objects.requireNonNull(key, "key");
    }

    /** The entry's fields; empty for a scalar entry. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fields() {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** Where it is, for messages: {@code key 'ROMA' (line 3)}. */
    String describe() {
        return "key " + dev.ferry.engine.transform.Shortened.quote(key) + " (line " + line + ")";
    }
}

package dev.ferry.engine.transform.lookup;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Finds a column value's entry in a mapping (file or table) by the value's canonical text:
 * <ul>
 *   <li>text as it is (not trimmed);</li>
 *   <li>integers in plain decimal: {@code 42}, {@code -7};</li>
 *   <li>decimals without trailing zeros and without exponent: DECIMAL {@code 1.0} is {@code "1"},
 *       {@code 2.50} is {@code "2.5"}, {@code 1E+3} is {@code "1000"}; a file key such as
 *       {@code "1.0"} or {@code "01"} could never match a number and is refused at bind for a numeric
 *       key column;</li>
 *   <li>booleans {@code true} and {@code false}; dates in ISO form {@code 2024-03-01}; UUIDs in lower
 *       case.</li>
 * </ul>
 * With case ignored, keys are compared after Unicode case folding; two file keys that differ only by
 * case are then refused.
 */
final class KeyIndex {
    static final Set<ColumnType> KEY_TYPES = EnumSet.of(ColumnType.STRING, ColumnType.TEXT, ColumnType.SMALLINT,
            ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.DATE,
            ColumnType.UUID);
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final boolean ignoreCase;
    private final Map<String, Integer> positions;

    private KeyIndex(boolean ignoreCase, Map<String, Integer> positions) {
        this.ignoreCase = ignoreCase;
        this.positions = positions;
    }

    /** Checks that the key column's type can be a key, and every key of the mapping can be matched by such values. */
    static KeyIndex build(Mapping mapping, Column keyColumn, boolean ignoreCase, String who) {
        if (!KEY_TYPES.contains(keyColumn.type())) {
            throw new TransformDefinitionException(who + ": column " + keyColumn.name() + " is " + keyColumn.type()
                    + ", which cannot be a lookup key (its text is not one exact form); a key column is one of "
                    + KEY_TYPES + " (cast it first)");
        }
        Map<String, Integer> positions = HashMap.newHashMap(mapping.size());
        for (int i = 0; i < mapping.size(); i++) {
            String key = mapping.keyAt(i);
            if (keyColumn.type().isNumeric() && NUMBER.matcher(key).matches()
                    && !canonical(new BigDecimal(key)).equals(key)) {
                throw new TransformDefinitionException(mapping.locate(i) + ": key "
                        + Shortened.quote(key) + " can never match a value of the " + keyColumn.type()
                        + " column " + keyColumn.name() + ", whose values are matched as "
                        + Shortened.quote(canonical(new BigDecimal(key)))
                        + " (plain decimal, no leading zeros, no trailing zeros after the point); write the key so");
            }
            Integer before = positions.putIfAbsent(ignoreCase ? fold(key) : key, i);
            if (before != null) {
                throw new TransformDefinitionException(mapping.locate(i) + ": key "
                        + Shortened.quote(key) + " and key " + Shortened.quote(mapping.keyAt(before))
                        + mapping.mention(before) + " differ only by case, so they are the same key when case is ignored");
            }
        }
        return new KeyIndex(ignoreCase, positions);
    }

    /** The position in the mapping of the entry of this key text, or -1. */
    int find(String keyText) {
        Integer position = positions.get(ignoreCase ? fold(keyText) : keyText);
        return position == null ? -1 : position;
    }

    /** The canonical text of a non-null value of one of {@link #KEY_TYPES}. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            return canonical(decimal);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Boolean
                || value instanceof LocalDate || value instanceof UUID) {
            return value.toString();
        }
        // NonFiniteDecimal of a DECIMAL column: NaN, Infinity, -Infinity.
        return String.valueOf(value);
    }

    static String canonical(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    private static String fold(String text) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces values by a table: {@code closedwon → FINISHED}, {@code 1 → ON_TIME}. Keys and values are
 * written as text, as in the pipeline's file.
 *
 * <p><b>Keys</b> are read for the input column's type with the strict rules of this package and
 * matched by value: for numbers {@code 1}, {@code 01} and {@code 1.0} are the same key (and match
 * 1 and 1.00 in a DECIMAL column), for booleans {@code true} and {@code yes}; text matches exactly,
 * or ignoring case ({@link Locale#ROOT} case folding) when asked. Two keys that are the same value
 * are refused ({@code Won} and {@code won} when case is ignored when the map is made, {@code 1} and
 * {@code 01} when it is bound to a number column), as is a key that is no value of the column's type.
 * Input types: STRING, TEXT, SMALLINT, INTEGER, BIGINT, DECIMAL, BOOLEAN, DATE, UUID.
 *
 * <p><b>Values</b> (null allowed) are of the output type: given, or inferred from the values when
 * every one is the canonical text of the same type: all whole numbers ({@code 1}, {@code -20}; not
 * {@code 007}) give INTEGER (BIGINT when one is beyond it), numbers with decimals among them
 * DECIMAL(p,s) wide enough for all, all {@code true}/{@code false} BOOLEAN, anything else a STRING
 * as long as the longest value.
 *
 * <p><b>Unmapped values</b>: by default rejected, naming the value and a few keys; or replaced by an
 * {@code else} value (possibly null); or kept as they are, when the output type is the input's (a
 * STRING output then grows to the longest mapped value). Null is not looked up: it stays null
 * (give a default first to map it). The output column is nullable when the input is, or a value or
 * the {@code else} value is null.
 *
 * <p>Immutable and thread-safe; a bound map is a hash table built once.
 */
public final class ValueMap implements ValueTransform {
    private static final Set<ColumnType> INPUTS = EnumSet.of(ColumnType.STRING, ColumnType.TEXT, ColumnType.SMALLINT,
            ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.UUID);
    private static final int KEYS_SHOWN = 5;
    private static final Object NULL = new Object();

    /** What a value without a key becomes. */
    public sealed interface Unmapped {
        /** Rejected, naming the value and a few keys: the default. */
        record Reject() implements Unmapped {
        }

        /** Kept as it is; the output type is then the input's. */
        record Keep() implements Unmapped {
        }

        /** Replaced by {@code value}, as text, or null. */
        record Else(String value) implements Unmapped {
        }

        static Unmapped reject() {
            return new Reject();
        }

        static Unmapped keep() {
            return new Keep();
        }

        static Unmapped orElse(String value) {
            return new Else(value);
        }
    }

    private final Map<String, String> entries;
    private final Unmapped unmapped;
    private final boolean ignoreCase;
    private final ColumnType outputType;

    /**
     * @param entries    keys to values, as text, in the order they were written; at least one; no null
     *                   key; null values allowed
     * @param unmapped   what a value without a key becomes; null for {@link Unmapped.Reject}
     * @param ignoreCase whether text keys match regardless of case
     * @param outputType the output type; null to infer it from the values (or, with
     *                   {@link Unmapped.Keep}, to take the input's)
     */
    public ValueMap(Map<String, String> entries, Unmapped unmapped, boolean ignoreCase, ColumnType outputType) {
        if (entries == null || entries.isEmpty()) {
            throw new TransformDefinitionException("map: at least one key and value are needed");
        }
        if (entries.containsKey(null)) {
            throw new TransformDefinitionException("map: a key cannot be null (nulls stay null; give a default first to"
                    + " map them)");
        }
        if (outputType == ColumnType.BINARY) {
            throw new TransformDefinitionException("map: the output type cannot be BINARY");
        }
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.unmapped = unmapped == null ? Unmapped.reject() : unmapped;
        this.ignoreCase = ignoreCase;
        if (ignoreCase) {
            Map<Object, String> seen = new HashMap<>();
            for (String key : entries.keySet()) {
                String earlier = seen.putIfAbsent(fold(key), key);
                if (earlier != null) {
                    throw new TransformDefinitionException("map: keys " + Shortened.quote(earlier) + " and "
                            + Shortened.quote(key) + " are the same when case is ignored");
                }
            }
        }
        this.outputType = outputType;
        if (outputType != null && !(this.unmapped instanceof Unmapped.Keep)) {
            outputs(new Column("value", outputType, true, 0, 0)); // refuses values of another type now
        }
    }

    /** Text to text, rejecting unmapped values. */
    public static ValueMap of(Map<String, String> entries) {
        return new ValueMap(entries, null, false, null);
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, INPUTS);
        if (ignoreCase && !Inputs.TEXT.contains(input.type())) {
            throw new TransformDefinitionException(name() + ": ignoring case applies to STRING and TEXT columns; column "
                    + input.name() + " is " + input.type());
        }
        Map<Object, Object> table = new HashMap<>();
        Map<Object, String> keyText = new HashMap<>();
        Column output = output(input);
        List<Object> values = outputs(output);
        int i = 0;
        for (String key : entries.keySet()) {
            Object normalised;
            try {
                normalised = normalise(ValueText.parse(input.type(), key, 0, 0));
            } catch (Refusal refusal) {
                throw new TransformDefinitionException(name() + ": key " + Shortened.quote(key) + " is no " + input.type()
                        + " value of column " + input.name() + ": " + refusal.getMessage());
            }
            String earlier = keyText.putIfAbsent(normalised, key);
            if (earlier != null) {
                throw new TransformDefinitionException(name() + ": keys " + Shortened.quote(earlier) + " and "
                        + Shortened.quote(key) + " are the same " + input.type() + " value");
            }
            Object value = values.get(i++);
            table.put(normalised, value == null ? NULL : value);
        }
        Object elseValue = unmapped instanceof Unmapped.Else orElse && orElse.value() != null
                ? parse(output, orElse.value(), "else value") : null;
        String known = entries.keySet().stream().limit(KEYS_SHOWN).map(Shortened::quote).collect(Collectors.joining(", "))
                + (entries.size() > KEYS_SHOWN ? " and " + (entries.size() - KEYS_SHOWN) + " more" : "");
        return Bound.of(input, output, value -> {
            Object mapped = table.get(normalise(value));
            if (mapped != null) {
                return mapped == NULL ? null : mapped;
            }
            return switch (unmapped) {
                case Unmapped.Keep keep -> value;
                case Unmapped.Else orElse -> elseValue;
                case Unmapped.Reject reject -> throw new Refusal(Shortened.quote(ValueText.format(value))
                        + " is not in the map (its keys: " + known + "); add it, or give an else value");
            };
        });
    }

    private Column output(Column input) {
        boolean nullable = input.nullable() || entries.containsValue(null)
                || unmapped instanceof Unmapped.Else orElse && orElse.value() == null;
        if (unmapped instanceof Unmapped.Keep) {
            boolean sameType = outputType == null || outputType == input.type()
                    || Inputs.TEXT.contains(outputType) && Inputs.TEXT.contains(input.type());
            if (!sameType) {
                throw new TransformDefinitionException(name() + ": unmapped values are kept, so the output type must be"
                        + " the input's (" + input.type() + " for column " + input.name() + "), not " + outputType);
            }
            int precision = input.precision();
            if (input.type() == ColumnType.STRING && precision > 0) {
                for (String value : entries.values()) {
                    precision = value == null ? precision : Math.max(precision, Inputs.length(value));
                }
            }
            return new Column(input.name(), input.type(), nullable, precision, input.scale());
        }
        Inferred type = outputType == null ? infer() : new Inferred(outputType,
                outputType == ColumnType.STRING ? longest() : 0, 0);
        return new Column(input.name(), type.type(), nullable, type.precision(), type.scale());
    }

    private List<Object> outputs(Column output) {
        List<Object> values = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            values.add(entry.getValue() == null ? null
                    : parse(output, entry.getValue(), "value of key " + Shortened.quote(entry.getKey())));
        }
        return values;
    }

    private Object parse(Column output, String text, String what) {
        try {
            return ValueText.parse(output.type(), text, output.precision(), output.scale());
        } catch (Refusal refusal) {
            throw new TransformDefinitionException(name() + ": the " + what + " is no " + output.type() + " value: "
                    + refusal.getMessage());
        }
    }

    private Object normalise(Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal.stripTrailingZeros();
            case String text when ignoreCase -> fold(text);
            default -> value;
        };
    }

    private static String fold(String text) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private record Inferred(ColumnType type, int precision, int scale) {
    }

    private Inferred infer() {
        List<String> values = new ArrayList<>();
        for (String value : entries.values()) {
            if (value != null) {
                values.add(value);
            }
        }
        if (unmapped instanceof Unmapped.Else orElse && orElse.value() != null) {
            values.add(orElse.value());
        }
        if (!values.isEmpty() && values.stream().allMatch(v -> v.equals("true") || v.equals("false"))) {
            return new Inferred(ColumnType.BOOLEAN, 0, 0);
        }
        List<BigDecimal> numbers = new ArrayList<>();
        for (String value : values) {
            BigDecimal number = canonicalNumber(value);
            if (number == null) {
                return new Inferred(ColumnType.STRING, longest(), 0);
            }
            numbers.add(number);
        }
        if (numbers.isEmpty()) {
            return new Inferred(ColumnType.STRING, longest(), 0);
        }
        int scale = numbers.stream().mapToInt(BigDecimal::scale).max().orElse(0);
        int integerDigits = numbers.stream().mapToInt(n -> Math.max(n.precision() - n.scale(), 1)).max().orElse(1);
        if (scale > 0) {
            return new Inferred(ColumnType.DECIMAL, integerDigits + scale, scale);
        }
        boolean fitsInt = numbers.stream().allMatch(n -> n.unscaledValue().bitLength() < 32);
        if (fitsInt) {
            return new Inferred(ColumnType.INTEGER, 0, 0);
        }
        boolean fitsLong = numbers.stream().allMatch(n -> n.unscaledValue().bitLength() < 64);
        return fitsLong ? new Inferred(ColumnType.BIGINT, 0, 0) : new Inferred(ColumnType.DECIMAL, integerDigits, 0);
    }

    private int longest() {
        int longest = 0;
        for (String value : entries.values()) {
            longest = value == null ? longest : Math.max(longest, Inputs.length(value));
        }
        if (unmapped instanceof Unmapped.Else orElse && orElse.value() != null) {
            longest = Math.max(longest, Inputs.length(orElse.value()));
        }
        return longest;
    }

    /** The number a text is the canonical text of (plain notation, no leading zeros or plus), or null. */
    private static BigDecimal canonicalNumber(String text) {
        if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?") || text.equals("-0") || text.startsWith("-0") && !text.contains(".")) {
            return null;
        }
        BigDecimal number = new BigDecimal(text);
        return number.toPlainString().equals(text) ? number : null;
    }

    @Override
    public String name() {
        return "map";
    }
}

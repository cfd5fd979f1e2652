package dev.ferry.engine.transform.lookup;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The values one output column takes from a mapping (the scalar of each entry, or one field of
 * each entry's object), converted once at bind to the column's type, so that applying a lookup is an
 * array read. A table's column is taken as read, with the column's type (see {@link TableMapping}); what
 * follows is about files.
 *
 * <p>Without a declared type the type follows the values (nulls aside): all text gives STRING, all
 * integers BIGINT, numbers with a point or exponent (integers among them or not) DECIMAL with the
 * precision and scale that hold every one exactly, all booleans BOOLEAN. Text mixed with numbers or
 * booleans, or only nulls, is refused: declare the type. With a declared type every value must convert
 * exactly (text {@code "12"} to BIGINT, a number to its text), or the bind fails naming the key.
 *
 * @param type      the output column's type
 * @param precision for DECIMAL the digits that hold every value; otherwise 0
 * @param scale     for DECIMAL the largest scale of the values; otherwise 0
 * @param values    converted values by entry position in the file
 * @param anyNull   whether some value is null
 * @param fallback  the converted default, or null
 */
record MappedValues(ColumnType type, int precision, int scale, Object[] values, boolean anyNull, Object fallback) {

    /** The types a lookup's output may be declared as. */
    static final Set<ColumnType> OUTPUT_TYPES = EnumSet.of(ColumnType.STRING, ColumnType.TEXT, ColumnType.BOOLEAN,
            ColumnType.SMALLINT, ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.DECIMAL, ColumnType.DATE,
            ColumnType.UUID);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * @param field    the field of each entry's object, or null for a file of scalars
     * @param declared the declared type, or null to infer it
     * @param fallback the default (String, Long, BigDecimal or Boolean), or null
     * @param who      the transform and column, for messages
     */
    static MappedValues plan(Mapping mapping, String field, ColumnType declared, Object fallback, String who) {
        return switch (mapping) {
            case MappingFile file -> planFile(file, field, declared, fallback, who);
            case TableMapping table -> planColumn(table, field, declared, fallback, who);
        };
    }

    /**
     * A table column's values as they were read: the column's type, precision and scale, nothing to
     * convert. Only a default is converted, exactly, to the column's type, or refused.
     */
    private static MappedValues planColumn(TableMapping table, String field, ColumnType declared, Object fallback,
                                           String who) {
        Column column = table.column(field);
        if (declared != null) {
            throw new TransformDefinitionException(who + ": a table lookup takes column " + field + " as the table has it ("
                    + column.type() + "); declare no type, and cast after the lookup for another");
        }
        Object[] values = table.values(field);
        boolean anyNull = false;
        for (Object value : values) {
            if (value == null) {
                anyNull = true;
                break;
            }
        }
        Object convertedFallback = fallback == null ? null : tableDefault(table, column, fallback, who);
        return new MappedValues(column.type(), column.precision(), column.scale(), values, anyNull || column.nullable(),
                convertedFallback);
    }

    private static Object tableDefault(TableMapping table, Column column, Object fallback, String who) {
        String what = who + ": the default " + Shortened.quote(fallback) + " for column " + column.name() + " of "
                + table.name() + " (" + column.type() + ")";
        if (!OUTPUT_TYPES.contains(column.type())) {
            throw new TransformDefinitionException(what + " cannot be given: a default is one of " + OUTPUT_TYPES
                    + "; choose missing: null, or cast the column first in a view");
        }
        Object converted;
        try {
            converted = convert(fallback, column.type());
        } catch (IllegalArgumentException e) {
            throw new TransformDefinitionException(what + " " + e.getMessage());
        }
        if (converted instanceof BigDecimal decimal) {
            try {
                converted = decimal.setScale(column.scale());
            } catch (ArithmeticException e) {
                throw new TransformDefinitionException(what + " has more than the column's " + column.scale()
                        + " digits after the point");
            }
            if (column.precision() > 0 && integerDigits((BigDecimal) converted) > column.precision() - column.scale()) {
                throw new TransformDefinitionException(what + " has more digits than the column's precision "
                        + column.precision() + " allows");
            }
        }
        return converted;
    }

    private static MappedValues planFile(MappingFile file, String field, ColumnType declared, Object fallback,
                                         String who) {
        List<MappingEntry> entries = file.entries();
        Object[] raw = new Object[entries.size()];
        for (int i = 0; i < raw.length; i++) {
            MappingEntry entry = entries.get(i);
            if (field == null) {
                raw[i] = entry.value();
            } else if (entry.fields().containsKey(field)) {
                raw[i] = entry.fields().get(field);
            } else {
                throw new TransformDefinitionException(who + ": " + file.source().describe() + ", line " + entry.line() + ": the object of key "
                        + Shortened.quote(entry.key()) + " has no field '" + field + "' (its fields: "
                        + entry.fields().keySet() + "); every entry needs it, with null where it has no value");
            }
        }
        ColumnType type = declared != null ? declared : infer(file, raw, fallback, field, who);
        Object[] values = new Object[raw.length];
        boolean anyNull = false;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == null) {
                anyNull = true;
                continue;
            }
            try {
                values[i] = convert(raw[i], type);
            } catch (IllegalArgumentException e) {
                MappingEntry entry = entries.get(i);
                throw new TransformDefinitionException(who + ": " + file.source().describe() + ", line " + entry.line()
                        + ": key " + Shortened.quote(entry.key()) + " maps to " + Shortened.quote(raw[i]) + ", which "
                        + e.getMessage());
            }
        }
        Object convertedFallback = null;
        if (fallback != null) {
            try {
                convertedFallback = convert(fallback, type);
            } catch (IllegalArgumentException e) {
                throw new TransformDefinitionException(who + ": the default " + Shortened.quote(fallback) + " "
                        + e.getMessage());
            }
        }
        int precision = 0;
        int scale = 0;
        if (type == ColumnType.DECIMAL) {
            int integerDigits = 1;
            for (Object value : values) {
                scale = Math.max(scale, value == null ? 0 : ((BigDecimal) value).scale());
            }
            if (convertedFallback != null) {
                scale = Math.max(scale, ((BigDecimal) convertedFallback).scale());
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    values[i] = ((BigDecimal) values[i]).setScale(scale); // more digits after the point: exact
                    integerDigits = Math.max(integerDigits, integerDigits((BigDecimal) values[i]));
                }
            }
            if (convertedFallback != null) {
                convertedFallback = ((BigDecimal) convertedFallback).setScale(scale);
                integerDigits = Math.max(integerDigits, integerDigits((BigDecimal) convertedFallback));
            }
            precision = integerDigits + scale;
        }
        return new MappedValues(type, precision, scale, values, anyNull, convertedFallback);
    }

    private static int integerDigits(BigDecimal value) {
        return Math.max(1, value.precision() - value.scale());
    }

    private static ColumnType infer(MappingFile file, Object[] raw, Object fallback, String field, String who) {
        ColumnType type = null;
        String typeAt = null;
        for (int i = 0; i <= raw.length; i++) {
            Object value = i < raw.length ? raw[i] : fallback;
            if (value == null) {
                continue;
            }
            String at = i < raw.length ? "key " + Shortened.quote(file.entries().get(i).key()) + " (line "
                    + file.entries().get(i).line() + ")" : "the default";
            ColumnType kind = value instanceof String ? ColumnType.STRING
                    : value instanceof Long ? ColumnType.BIGINT
                    : value instanceof BigDecimal ? ColumnType.DECIMAL
                    : ColumnType.BOOLEAN;
            if (type == null) {
                type = kind;
                typeAt = at;
            } else if (isNumber(type) && isNumber(kind)) {
                type = type == ColumnType.DECIMAL || kind == ColumnType.DECIMAL ? ColumnType.DECIMAL : ColumnType.BIGINT;
            } else if (type != kind) {
                throw new TransformDefinitionException(who + ": " + file.source().describe() + " maps "
                        + describe(field) + " to values of mixed types: " + name(type) + " at " + typeAt + ", "
                        + name(kind) + " at " + at + "; declare the output type (one of " + OUTPUT_TYPES + ")");
            }
        }
        if (type == null) {
            throw new TransformDefinitionException(who + ": " + file.source().describe() + " maps " + describe(field)
                    + " only to null, so the output type cannot be told; declare it (one of " + OUTPUT_TYPES + ")");
        }
        return type;
    }

    private static boolean isNumber(ColumnType type) {
        return type == ColumnType.BIGINT || type == ColumnType.DECIMAL;
    }

    private static String describe(String field) {
        return field == null ? "its keys" : "field '" + field + "'";
    }

    private static String name(ColumnType kind) {
        return switch (kind) {
            case STRING -> "text";
            case BIGINT -> "an integer";
            case DECIMAL -> "a decimal";
            default -> "a boolean";
        };
    }

    /**
     * The value as {@code type}'s Java class, exactly.
     *
     * @param value String, Long, BigDecimal or Boolean
     * @throws IllegalArgumentException whose message says why not, to follow the value: "is not ..."
     */
    static Object convert(Object value, ColumnType type) {
        return switch (type) {
            case STRING, TEXT -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            case BOOLEAN -> {
                if (value instanceof Boolean bool) {
                    yield bool;
                }
                if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
                    yield Boolean.valueOf(text);
                }
                throw new IllegalArgumentException("is not a boolean (true or false)");
            }
            case SMALLINT, INTEGER, BIGINT -> integer(value, type);
            case DECIMAL -> {
                if (value instanceof BigDecimal decimal) {
                    yield decimal;
                }
                if (value instanceof Long number) {
                    yield BigDecimal.valueOf(number);
                }
                if (value instanceof String text && DECIMAL.matcher(text).matches()) {
                    yield new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
                }
                throw new IllegalArgumentException("is not a decimal number");
            }
            case DATE -> {
                try {
                    if (value instanceof String text) {
                        yield LocalDate.parse(text);
                    }
                } catch (DateTimeParseException e) {
                    // Reported below.
                }
                throw new IllegalArgumentException("is not a date in ISO form (2024-03-01)");
            }
            case UUID -> {
                if (value instanceof String text && UUID_TEXT.matcher(text).matches()) {
                    yield java.util.UUID.fromString(text.toLowerCase(Locale.ROOT));
                }
                throw new IllegalArgumentException("is not a UUID (8-4-4-4-12 hexadecimal digits)");
            }
            // Declared types are checked against OUTPUT_TYPES when options are made; inferred ones are among them.
            default -> throw new IllegalStateException("not an output type: " + type);
        };
    }

    private static Object integer(Object value, ColumnType type) {
        BigInteger number = null;
        if (value instanceof Long longValue) {
            number = BigInteger.valueOf(longValue);
        } else if (value instanceof String text && INTEGER.matcher(text).matches()) {
            number = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } else if (value instanceof BigDecimal decimal) {
            try {
                number = decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("is not a whole number, so it cannot be " + type);
            }
        }
        if (number == null) {
            throw new IllegalArgumentException("is not an integer, so it cannot be " + type);
        }
        int bits = type == ColumnType.SMALLINT ? 16 : type == ColumnType.INTEGER ? 32 : 64;
        if (number.bitLength() >= bits) {
            throw new IllegalArgumentException("is out of the range of " + type);
        }
        return switch (type) {
            case SMALLINT -> number.shortValue();
            case INTEGER -> number.intValue();
            default -> number.longValue();
        };
    }

    /** A default as given by a caller, normalised to String, Long, BigDecimal or Boolean. */
    static Object normaliseDefault(Object value, String who) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof BigDecimal
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return new BigDecimal(value.toString());
        }
        throw new TransformDefinitionException(who + ": the default " + Shortened.quote(value)
                + " is not text, a number or a boolean");
    }
}

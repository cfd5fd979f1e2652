package dev.ferry.engine.transform.expression;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.OptionalValue;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The column a computed value goes to, chosen from the expression's checked type (or the declared
 * type, which must agree with it), and the exact conversion of each CEL result to it.
 */
final class ResultColumn {
    /** For each CEL result kind: the column types it can be written as exactly. */
    private static final Map<CelKind, Set<ColumnType>> AGREEING = Map.of(
            CelKind.INT, EnumSet.of(ColumnType.BIGINT, ColumnType.INTEGER, ColumnType.SMALLINT, ColumnType.DECIMAL),
            CelKind.UINT, EnumSet.of(ColumnType.DECIMAL, ColumnType.BIGINT),
            CelKind.DOUBLE, EnumSet.of(ColumnType.DOUBLE, ColumnType.FLOAT),
            CelKind.STRING, EnumSet.of(ColumnType.TEXT, ColumnType.STRING, ColumnType.DECIMAL, ColumnType.UUID),
            CelKind.BOOL, EnumSet.of(ColumnType.BOOLEAN),
            CelKind.BYTES, EnumSet.of(ColumnType.BINARY),
            CelKind.TIMESTAMP, EnumSet.of(ColumnType.TIMESTAMP_TZ, ColumnType.TIMESTAMP, ColumnType.DATE));
    private static final Map<CelKind, OutputType> DEFAULTS = Map.of(
            CelKind.INT, OutputType.of(ColumnType.BIGINT),
            CelKind.UINT, new OutputType(ColumnType.DECIMAL, 20, 0),
            CelKind.DOUBLE, OutputType.of(ColumnType.DOUBLE),
            CelKind.STRING, OutputType.of(ColumnType.TEXT),
            CelKind.BOOL, OutputType.of(ColumnType.BOOLEAN),
            CelKind.BYTES, OutputType.of(ColumnType.BINARY),
            CelKind.TIMESTAMP, OutputType.of(ColumnType.TIMESTAMP_TZ));

    private final Column column;

    private ResultColumn(Column column) {
        this.column = column;
    }

    Column column() {
        return column;
    }

    /**
     * The output column for a result of {@code resultType}.
     *
     * @param declared the declared type, or null to take the one the result type gives
     * @throws TransformDefinitionException when the result type has no column type, or disagrees with
     *                                      the declared one
     */
    static ResultColumn of(String owner, String name, CelType resultType, OutputType declared) {
        boolean nullable = false;
        CelType type = resultType;
        if (type instanceof OptionalType optional) {
            nullable = true;
            type = optional.parameters().get(0);
        }
        if (type instanceof NullableType wrapper) {
            nullable = true;
            type = wrapper.targetType();
        }
        CelKind kind = type.kind();
        if (kind == CelKind.DYN || kind == CelKind.NULL_TYPE || kind == CelKind.ANY) {
            if (declared == null) {
                throw new TransformDefinitionException(owner + ": the expression's type is " + describe(resultType)
                        + ", which does not say what the column holds; declare the column's type");
            }
            return new ResultColumn(new Column(name, declared.type(), true, declared.precision(), declared.scale()));
        }
        Set<ColumnType> agreeing = AGREEING.get(kind);
        if (agreeing == null) {
            throw new TransformDefinitionException(owner + ": the expression's type is " + describe(resultType)
                    + ", which no column can hold; a computed column takes an int, uint, double, string, bool,"
                    + " bytes or timestamp (or an optional or nullable one)");
        }
        OutputType chosen = declared == null ? DEFAULTS.get(kind) : declared;
        if (!agreeing.contains(chosen.type())) {
            throw new TransformDefinitionException(owner + ": the expression's type is " + describe(resultType)
                    + ", which cannot be written exactly as " + chosen.type() + "; it can be " + agreeing
                    + " (or cast it in the expression)");
        }
        return new ResultColumn(new Column(name, chosen.type(), nullable, chosen.precision(), chosen.scale()));
    }

    private static String describe(CelType type) {
        if (type instanceof NullableType wrapper) {
            return "nullable " + wrapper.targetType().name();
        }
        if (type instanceof OptionalType optional) {
            return "optional " + describe(optional.parameters().get(0));
        }
        return type.name().equals("google.protobuf.Timestamp") ? "timestamp"
                : type.name().equals("google.protobuf.Duration") ? "duration" : type.name();
    }

    /**
     * The column value of one result, exactly.
     *
     * @throws RejectedValueException when it has none: out of the column's range, precision or length,
     *                                a timestamp not at midnight for a DATE, null for a column that
     *                                cannot be null, a value of another kind (from a {@code dyn} result)
     */
    Object toColumn(Object result) {
        Object value = result;
        if (value instanceof OptionalValue<?, ?> optional) {
            value = optional.isZeroValue() ? null : optional.value();
        } else if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value == null || value instanceof NullValue) {
            if (!column.nullable()) {
                throw new RejectedValueException(column.name(),
                        "the expression gave null, and the computed column cannot be null");
            }
            return null;
        }
        return switch (column.type()) {
            case BIGINT -> {
                if (value instanceof Long) {
                    yield value;
                }
                if (value instanceof UnsignedLong unsigned && unsigned.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) <= 0) {
                    yield unsigned.longValue();
                }
                throw wrongKind(value, "an int");
            }
            case INTEGER -> {
                long number = integral(value);
                if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                    throw reject(value, "is outside INTEGER's range");
                }
                yield (int) number;
            }
            case SMALLINT -> {
                long number = integral(value);
                if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
                    throw reject(value, "is outside SMALLINT's range");
                }
                yield (short) number;
            }
            case DECIMAL -> decimal(value);
            case DOUBLE -> {
                if (value instanceof Double) {
                    yield value;
                }
                throw wrongKind(value, "a double");
            }
            case FLOAT -> {
                if (!(value instanceof Double number)) {
                    throw wrongKind(value, "a double");
                }
                float narrowed = number.floatValue();
                if (narrowed != number && !number.isNaN()) {
                    throw reject(value, "has no exact FLOAT (32-bit) form; declare the column DOUBLE");
                }
                yield narrowed;
            }
            case STRING, TEXT -> {
                if (!(value instanceof String text)) {
                    throw wrongKind(value, "a string");
                }
                if (column.precision() > 0 && text.codePointCount(0, text.length()) > column.precision()) {
                    throw reject(value, "is longer than the column's " + column.precision() + " characters");
                }
                yield text;
            }
            case UUID -> {
                if (!(value instanceof String text)) {
                    throw wrongKind(value, "a string");
                }
                try {
                    UUID uuid = UUID.fromString(text);
                    if (uuid.toString().equalsIgnoreCase(text)) {
                        yield uuid;
                    }
                } catch (IllegalArgumentException e) {
                    // rejected below
                }
                throw reject(value, "is not a UUID in its 8-4-4-4-12 hexadecimal form");
            }
            case BOOLEAN -> {
                if (value instanceof Boolean) {
                    yield value;
                }
                throw wrongKind(value, "a bool");
            }
            case BINARY -> {
                if (!(value instanceof CelByteString bytes)) {
                    throw wrongKind(value, "bytes");
                }
                if (column.precision() > 0 && bytes.size() > column.precision()) {
                    throw new RejectedValueException(column.name(), "computed value of " + bytes.size()
                            + " bytes is longer than the column's " + column.precision() + " bytes");
                }
                yield bytes.toByteArray();
            }
            case TIMESTAMP_TZ -> OffsetDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            case TIMESTAMP -> LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            case DATE -> {
                LocalDateTime time = LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
                if (!time.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                    throw reject(value, "is not at midnight UTC, so it is not a DATE; drop its time first");
                }
                yield time.toLocalDate();
            }
            case JSON, TIME -> throw reject(value, "cannot be written as " + column.type());
        };
    }

    private long integral(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof UnsignedLong unsigned && unsigned.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) <= 0) {
            return unsigned.longValue();
        }
        if (value instanceof UnsignedLong) {
            throw reject(value, "is outside " + column.type() + "'s range");
        }
        throw wrongKind(value, "an int");
    }

    private Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        throw wrongKind(value, "a timestamp");
    }

    private Object decimal(Object value) {
        BigDecimal decimal;
        if (value instanceof Long number) {
            decimal = BigDecimal.valueOf(number);
        } else if (value instanceof UnsignedLong unsigned) {
            decimal = new BigDecimal(unsigned.bigIntegerValue());
        } else if (value instanceof String text) {
            NonFiniteDecimal nonFinite = NonFiniteDecimal.parse(text.strip());
            if (nonFinite != null) {
                return nonFinite;
            }
            try {
                decimal = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw reject(value, "is not a decimal number");
            }
        } else {
            throw wrongKind(value, "an int or a string");
        }
        if (column.precision() == 0 && column.scale() == 0) {
            return decimal;
        }
        BigDecimal scaled;
        try {
            scaled = decimal.setScale(column.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw reject(value, "has more than the column's " + column.scale() + " digits after the point");
        }
        if (column.precision() > 0 && scaled.precision() - scaled.scale() > column.precision() - column.scale()) {
            throw reject(value, "does not fit DECIMAL(" + column.precision() + "," + column.scale() + ")");
        }
        return scaled;
    }

    private RejectedValueException wrongKind(Object value, String wanted) {
        return reject(value, "is a " + value.getClass().getSimpleName() + ", but " + column.type()
                + " takes " + wanted);
    }

    private RejectedValueException reject(Object value, String why) {
        return new RejectedValueException(column.name(), "computed value " + Shortened.quote(value) + " " + why);
    }
}

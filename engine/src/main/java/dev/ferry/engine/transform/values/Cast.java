package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static dev.ferry.api.ColumnType.*;

/**
 * Converts values to another type, exactly or not at all: a value the target type cannot hold
 * exactly is rejected, never rounded, cut or shifted. The output column has the target type (and
 * the given precision and scale), so the destination table follows the cast.
 *
 * <table>
 *   <caption>Supported casts (any type to itself re-checks the precision, scale or length given)</caption>
 *   <tr><th>From</th><th>To</th><th>Rule</th></tr>
 *   <tr><td>STRING, TEXT</td><td>SMALLINT, INTEGER, BIGINT</td><td>decimal text of a whole number in range:
 *       {@code "12"} and {@code "12.00"} are 12, {@code "12.5"} and {@code "3000000000"} (to INTEGER) are
 *       rejected</td></tr>
 *   <tr><td>STRING, TEXT</td><td>DECIMAL(p,s)</td><td>rejected when it needs rounding to s decimals or
 *       more than p digits</td></tr>
 *   <tr><td>STRING, TEXT</td><td>FLOAT, DOUBLE</td><td>the text must be the float's shortest form
 *       ({@code "0.1"}), or NaN/Infinity/-Infinity</td></tr>
 *   <tr><td>STRING, TEXT</td><td>BOOLEAN</td><td>{@code true/false}, {@code yes/no}, {@code 1/0}, in any
 *       case</td></tr>
 *   <tr><td>STRING, TEXT</td><td>DATE, TIMESTAMP, TIMESTAMP_TZ</td><td>ISO 8601, or {@code pattern} read
 *       as {@link ParseTemporal} reads it; a TIMESTAMP_TZ from text without an offset needs
 *       {@code zone}</td></tr>
 *   <tr><td>STRING, TEXT</td><td>TIME, UUID, JSON, STRING, TEXT</td><td>ISO time; 8-4-4-4-12 hex
 *       digits; a well-formed document; the text (no longer than a STRING's length)</td></tr>
 *   <tr><td>JSON</td><td>STRING, TEXT</td><td>the document's text</td></tr>
 *   <tr><td>SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, DOUBLE</td><td>each other</td><td>through the
 *       decimal value. A float's is its shortest form ({@code BigDecimal.valueOf}, without trailing
 *       zeros): DOUBLE 0.1 is DECIMAL 0.1, not 0.1000000000000000055511151231257827, and 1.0E-5 is
 *       0.00001; this is the number the source wrote and printed, where the float's exact binary
 *       value is an artefact of storing it. To an integer type only when whole ({@code 12.00}, not {@code 12.50}) and in range; to
 *       DECIMAL(p,s) without rounding; to a float type only when the float is exactly that number.
 *       NaN and infinities go only to FLOAT and DOUBLE</td></tr>
 *   <tr><td>numbers, BOOLEAN, TIME, UUID, JSON</td><td>STRING, TEXT</td><td>the canonical text
 *       (plain digits, {@code 12.50}, {@code true}, {@code 13:45:00}, lower-case UUID)</td></tr>
 *   <tr><td>DATE, TIMESTAMP, TIMESTAMP_TZ</td><td>STRING, TEXT</td><td>ISO 8601, or {@code pattern} as
 *       {@link FormatTemporal} writes it; a TIMESTAMP_TZ is shown at {@code zone}'s offset when a zone is
 *       given</td></tr>
 *   <tr><td>DATE</td><td>TIMESTAMP</td><td>midnight of the day</td></tr>
 *   <tr><td>TIMESTAMP</td><td>DATE</td><td>only timestamps at midnight</td></tr>
 *   <tr><td>TIMESTAMP</td><td>TIMESTAMP_TZ</td><td>needs {@code zone}: the local time in that zone
 *       (gap and overlap times rejected)</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>TIMESTAMP</td><td>needs {@code zone}: the local time there at that
 *       instant</td></tr>
 * </table>
 * Every other pair (anything with BINARY, BOOLEAN to numbers, DATE to TIMESTAMP_TZ...) is refused
 * when bound, listing the targets the input's type can go to. Text is never trimmed: {@code " 12"}
 * is rejected; trim it first. MIN and MAX dates and timestamps (PostgreSQL's infinities) stay MIN and
 * MAX between temporal types. Null stays null. Immutable and thread-safe.
 */
public final class Cast implements ValueTransform {
    private static final Set<ColumnType> NUMBERS = EnumSet.of(SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, DOUBLE);
    private static final Set<ColumnType> PATTERNED = EnumSet.of(DATE, TIMESTAMP, TIMESTAMP_TZ);
    private final ColumnType to;
    private final int precision;
    private final int scale;
    private final String pattern;
    private final ZoneId zone;

    /**
     * @param to        the target type; not BINARY
     * @param precision DECIMAL's total digits or STRING's length; 0 for unbounded (other types: 0)
     * @param scale     DECIMAL's digits after the point, at most {@code precision} (other types: 0)
     * @param pattern   a java.time pattern for casts between text and DATE, TIMESTAMP or
     *                  TIMESTAMP_TZ; null for ISO 8601
     * @param zone      for casts between TIMESTAMP and TIMESTAMP_TZ, text without offset to
     *                  TIMESTAMP_TZ, and TIMESTAMP_TZ to text; null for none
     */
    public Cast(ColumnType to, int precision, int scale, String pattern, ZoneId zone) {
        if (to == null || to == BINARY) {
            throw new TransformDefinitionException("cast: the target type must be one of " + Inputs.names(
                    EnumSet.complementOf(EnumSet.of(BINARY))) + ", not " + to);
        }
        if (precision < 0 || scale < 0) {
            throw new TransformDefinitionException("cast: precision and scale must be 0 or more");
        }
        if (to == DECIMAL && (scale > precision && precision > 0 || precision == 0 && scale > 0)) {
            throw new TransformDefinitionException("cast: DECIMAL(" + precision + "," + scale + ") is not a type: the"
                    + " scale must be at most the precision, which must be given with it");
        }
        if (to != DECIMAL && scale > 0 || to != DECIMAL && to != STRING && precision > 0) {
            throw new TransformDefinitionException("cast: a precision applies to DECIMAL and STRING, a scale to DECIMAL;"
                    + " not to " + to);
        }
        if (pattern != null && !PATTERNED.contains(to) && to != STRING && to != TEXT) {
            throw new TransformDefinitionException("cast: a pattern applies to casts between text and DATE, TIMESTAMP"
                    + " or TIMESTAMP_TZ, not to " + to);
        }
        this.to = to;
        this.precision = precision;
        this.scale = scale;
        this.pattern = pattern;
        this.zone = zone;
        if (pattern != null) {
            TemporalPattern.compile(name(), pattern, null, java.util.Locale.ROOT); // refuses a bad pattern now
        }
    }

    /** A cast to a type without precision, scale, pattern or zone. */
    public static Cast to(ColumnType to) {
        return new Cast(to, 0, 0, null, null);
    }

    /** A cast to DECIMAL(precision, scale). */
    public static Cast toDecimal(int precision, int scale) {
        return new Cast(DECIMAL, precision, scale, null, null);
    }

    /** Whether values of {@code from} can be cast to {@code to} (a zone may still be needed). */
    public static boolean supports(ColumnType from, ColumnType to) {
        if (from == BINARY || to == BINARY) {
            return false;
        }
        if (from == to || to == STRING || to == TEXT) {
            return true;
        }
        return switch (from) {
            case STRING, TEXT -> true;
            case SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, DOUBLE -> NUMBERS.contains(to);
            case DATE -> to == TIMESTAMP;
            case TIMESTAMP -> to == DATE || to == TIMESTAMP_TZ;
            case TIMESTAMP_TZ -> to == TIMESTAMP;
            default -> false;
        };
    }

    @Override
    public BoundValueTransform bind(Column input) {
        ColumnType from = input.type();
        if (!supports(from, to)) {
            List<String> targets = new ArrayList<>();
            for (ColumnType target : ColumnType.values()) {
                if (supports(from, target)) {
                    targets.add(target.name());
                }
            }
            throw new TransformDefinitionException("cast: column " + input.name() + " is " + from + ", which cannot be cast"
                    + " to " + to + "; " + (targets.isEmpty() ? from + " casts to nothing"
                    : from + " casts to " + String.join(", ", targets)));
        }
        if (pattern != null && !(Inputs.TEXT.contains(from) && PATTERNED.contains(to)
                || PATTERNED.contains(from) && Inputs.TEXT.contains(to))) {
            throw new TransformDefinitionException("cast: a pattern applies to casts between text and DATE, TIMESTAMP or"
                    + " TIMESTAMP_TZ; column " + input.name() + " is " + from + ", cast to " + to);
        }
        if ((from == TIMESTAMP && to == TIMESTAMP_TZ || from == TIMESTAMP_TZ && to == TIMESTAMP) && zone == null) {
            throw new TransformDefinitionException("cast: column " + input.name() + " from " + from + " to " + to
                    + " needs a zone, such as Europe/Rome: the zone " + (from == TIMESTAMP
                    ? "its local times are in" : "whose local time it becomes"));
        }
        boolean keepsDecimal = to == DECIMAL && from == DECIMAL && precision == 0;
        Column output = keepsDecimal ? input
                : new Column(input.name(), to, input.nullable(), outputPrecision(input), to == DECIMAL ? scale : 0);
        return Bound.of(input, output, converter(input));
    }

    private int outputPrecision(Column input) {
        if (precision > 0 || to != DECIMAL) {
            return precision;
        }
        return switch (input.type()) {
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> 0;
        };
    }

    private UnaryOperator<Object> converter(Column input) {
        ColumnType from = input.type();
        if (to == STRING || to == TEXT) {
            UnaryOperator<Object> text = PATTERNED.contains(from) && (pattern != null || zone != null)
                    ? formatter(input) : value -> ValueText.format(value);
            return value -> Inputs.fitLength((String) text.apply(value), precision, "the text");
        }
        if (Inputs.TEXT.contains(from)) {
            if (PATTERNED.contains(to) && (pattern != null || to == TIMESTAMP_TZ && zone != null)) {
                return parser(input);
            }
            return value -> ValueText.parse(to, (String) value, precision, scale);
        }
        if (NUMBERS.contains(from)) {
            return value -> number(value, from);
        }
        return switch (to) {
            case TIMESTAMP -> from == DATE ? value -> startOfDay((LocalDate) value)
                    : from == TIMESTAMP ? UnaryOperator.identity()
                    : value -> Zones.localIn((OffsetDateTime) value, zone);
            case DATE -> from == DATE ? UnaryOperator.identity() : value -> dateOf((LocalDateTime) value);
            case TIMESTAMP_TZ -> from == TIMESTAMP ? value -> Zones.resolve((LocalDateTime) value, zone, DstOverlap.REJECT)
                    : zone == null ? UnaryOperator.identity() : value -> Zones.atZone((OffsetDateTime) value, zone);
            case JSON -> value -> ValueText.parse(JSON, (String) value, 0, 0);
            default -> UnaryOperator.identity(); // the same type without precision: BOOLEAN, TIME, UUID
        };
    }

    private Object number(Object value, ColumnType from) {
        boolean toFloat = to == FLOAT || to == DOUBLE;
        if (value instanceof NonFiniteDecimal && to == DECIMAL) {
            return value; // DECIMAL to DECIMAL: NaN and the infinities stay what they are
        }
        if (value instanceof NonFiniteDecimal || value instanceof Double d && !Double.isFinite(d)
                || value instanceof Float f && !Float.isFinite(f)) {
            if (!toFloat) {
                throw new Refusal(Shortened.quote(value) + " is not a finite number, so it has no " + to + " value");
            }
            double nonFinite = value instanceof NonFiniteDecimal n
                    ? (Double) Numbers.toFloat(n, DOUBLE) : ((Number) value).doubleValue();
            return to == FLOAT ? (Object) (float) nonFinite : (Object) nonFinite;
        }
        return Numbers.convert(Numbers.decimalValue(value), to, precision, scale);
    }

    private UnaryOperator<Object> formatter(Column input) {
        if (pattern != null) {
            BoundValueTransform format = new FormatTemporal(name(), pattern, zone, null, null, null).bind(input);
            return format::apply;
        }
        // ISO 8601; a zone shows a TIMESTAMP_TZ at that zone's offset.
        return value -> ValueText.format(value instanceof OffsetDateTime instant ? Zones.atZone(instant, zone) : value);
    }

    private UnaryOperator<Object> parser(Column input) {
        if (pattern != null) {
            BoundValueTransform parse = new ParseTemporal(name(), List.of(pattern), to, zone, null, null, null).bind(input);
            return parse::apply;
        }
        // ISO 8601 to TIMESTAMP_TZ with a zone: an offset in the text is kept (then shown at the
        // zone's offset); a text without one is a local time of the zone.
        return value -> {
            String text = (String) value;
            try {
                return Zones.atZone((OffsetDateTime) ValueText.parse(TIMESTAMP_TZ, text, 0, 0), zone);
            } catch (Refusal noOffset) {
                LocalDateTime local = (LocalDateTime) ValueText.parse(TIMESTAMP, text, 0, 0);
                return Zones.resolve(local, zone, DstOverlap.REJECT);
            }
        };
    }

    private static LocalDateTime startOfDay(LocalDate date) {
        return date.equals(LocalDate.MAX) ? LocalDateTime.MAX : date.equals(LocalDate.MIN) ? LocalDateTime.MIN
                : date.atStartOfDay();
    }

    private static LocalDate dateOf(LocalDateTime timestamp) {
        if (timestamp.equals(LocalDateTime.MAX) || timestamp.equals(LocalDateTime.MIN)) {
            return timestamp.equals(LocalDateTime.MAX) ? LocalDate.MAX : LocalDate.MIN;
        }
        if (!timestamp.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw new Refusal(Shortened.quote(ValueText.format(timestamp)) + " has a time of day, which a DATE would drop");
        }
        return timestamp.toLocalDate();
    }

    @Override
    public String name() {
        return "cast";
    }
}

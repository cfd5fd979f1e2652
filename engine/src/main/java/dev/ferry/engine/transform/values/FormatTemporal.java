package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes DATE, TIME, TIMESTAMP and TIMESTAMP_TZ values as text with a {@code java.time} pattern
 * (compiled as {@link ParseTemporal} compiles it: {@code yyyy} is {@code uuuu}, two-digit years need
 * a base year). The output column is a STRING of unbounded length.
 *
 * <ul>
 *   <li>A TIMESTAMP_TZ is shown at {@code zone}'s offset when a zone is given, at its own offset
 *       otherwise (then zone names, {@code VV} or {@code z}, are not available).</li>
 *   <li>A TIMESTAMP is a local time; with {@code zone} it is taken as a time in that zone, so an
 *       offset or a zone name can be printed (times in a daylight-saving gap rejected, times in an
 *       overlap as {@code overlap} says).</li>
 *   <li>A pattern that needs what the input does not have (hours of a DATE, an offset of a TIMESTAMP
 *       without a zone) is refused when bound.</li>
 * </ul>
 * Rejected rather than written as text that would read back as something else: a year outside the
 * hundred years a two-digit pattern can show, and the MIN and MAX values that stand for
 * PostgreSQL's -infinity and infinity. Null stays null. Month and day names are written in
 * {@code locale} ({@link Locale#ROOT} by default). Immutable and thread-safe.
 */
public final class FormatTemporal implements ValueTransform {
    private static final Set<ColumnType> INPUTS = EnumSet.of(ColumnType.DATE, ColumnType.TIME, ColumnType.TIMESTAMP,
            ColumnType.TIMESTAMP_TZ);
    private final TemporalPattern pattern;
    private final ZoneId zone;
    private final DstOverlap overlap;
    private final Integer baseYear;
    private final String name;

    /**
     * @param pattern  a java.time pattern, such as {@code dd/MM/uuuu HH:mm}
     * @param zone     see the class comment; null for none
     * @param overlap  for TIMESTAMP values placed in {@code zone}; null for {@link DstOverlap#REJECT}
     * @param baseYear the first year a two-digit year pattern may show; null when the pattern has none
     * @param locale   for month and day names; null for {@link Locale#ROOT}
     */
    public FormatTemporal(String pattern, ZoneId zone, DstOverlap overlap, Integer baseYear, Locale locale) {
        this("format_date", pattern, zone, overlap, baseYear, locale);
    }

    /** The same under another name, for the casts to text that use it. */
    FormatTemporal(String name, String pattern, ZoneId zone, DstOverlap overlap, Integer baseYear, Locale locale) {
        this.name = name;
        this.pattern = TemporalPattern.compile(name(), pattern, baseYear, locale == null ? Locale.ROOT : locale);
        this.zone = zone;
        this.overlap = overlap == null ? DstOverlap.REJECT : overlap;
        this.baseYear = baseYear;
    }

    /** A pattern with no zone, locale or base year. */
    public static FormatTemporal of(String pattern) {
        return new FormatTemporal(pattern, null, null, null, null);
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, INPUTS);
        Object sample = switch (input.type()) {
            case DATE -> LocalDate.of(2024, 3, 15);
            case TIME -> LocalTime.of(13, 45, 30);
            case TIMESTAMP -> LocalDateTime.of(2024, 3, 15, 13, 45, 30);
            default -> OffsetDateTime.parse("2024-03-15T13:45:30+01:00");
        };
        try {
            pattern.formatter().format(prepare(sample));
        } catch (DateTimeException missing) {
            throw new TransformDefinitionException(name() + ": pattern '" + pattern.pattern() + "' needs fields a "
                    + input.type() + " does not have" + (zone == null && input.type() != ColumnType.DATE
                    && input.type() != ColumnType.TIME ? " (an offset or a zone name needs a zone)" : "")
                    + "; column " + input.name() + " is " + input.type());
        }
        Column output = new Column(input.name(), ColumnType.STRING, input.nullable(), 0, 0);
        return Bound.of(input, output, this::format);
    }

    private Object format(Object value) {
        if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MAX)
                || value.equals(LocalDateTime.MIN) || value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            throw new Refusal(Shortened.quote(value) + " stands for infinity, which has no text in pattern '"
                    + pattern.pattern() + "'");
        }
        TemporalAccessor prepared = prepare(value);
        if (pattern.twoDigitYear() && prepared.isSupported(ChronoField.YEAR)) {
            int year = prepared.get(ChronoField.YEAR);
            if (year < baseYear || year > baseYear + 99) {
                throw new Refusal(Shortened.quote(value) + " is outside the years " + baseYear + " to " + (baseYear + 99)
                        + " that the two-digit year of pattern '" + pattern.pattern() + "' can show");
            }
        }
        try {
            return pattern.formatter().format(prepared);
        } catch (DateTimeException unprintable) {
            throw new Refusal(Shortened.quote(value) + " cannot be written with pattern '" + pattern.pattern() + "'");
        }
    }

    private TemporalAccessor prepare(Object value) {
        if (zone == null) {
            return (TemporalAccessor) value;
        }
        try {
            return switch (value) {
                case OffsetDateTime instant -> instant.atZoneSameInstant(zone);
                case LocalDateTime local -> Zones.resolve(local, zone, overlap).atZoneSameInstant(zone);
                default -> (TemporalAccessor) value;
            };
        } catch (DateTimeException outOfRange) {
            throw new Refusal(Shortened.quote(value) + " has no time in " + zone + " within the supported years");
        }
    }

    @Override
    public String name() {
        return name;
    }
}

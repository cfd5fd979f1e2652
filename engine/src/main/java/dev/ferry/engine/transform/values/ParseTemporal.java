package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads STRING and TEXT values as dates or timestamps with {@code java.time} patterns, tried in
 * order: the first that reads the whole text as a real date wins ({@code dd/MM/uuuu} then
 * {@code uuuu-MM-dd}). Resolving is strict: {@code 31/02/2024} matches {@code dd/MM/uuuu} but is
 * rejected, never moved to 2 March. Under strict resolving {@code yyyy} would need an era in the
 * text, so {@code y} is read as {@code u} (the proleptic year) unless the pattern has a {@code G}. A
 * two-digit year ({@code yy}, {@code uu}) is ambiguous (Java alone reads {@code 85} as 2085), so it
 * is refused at definition unless a base year is given: two digits then name a year of the hundred
 * starting there (base 1950: {@code 49} is 2049, {@code 50} is 1950). Text matched by no
 * pattern is rejected, naming the patterns.
 *
 * <p>Outputs, and what each needs at definition:
 * <ul>
 *   <li>DATE: patterns with a date and nothing finer (a pattern with hours or a zone is refused,
 *       since its time would be dropped);</li>
 *   <li>TIMESTAMP: patterns with a date and a time of day; a pattern with an offset or zone needs
 *       {@code zone}, the zone whose local time the instant becomes (without it the offset would be
 *       dropped);</li>
 *   <li>TIMESTAMP_TZ: patterns with a date and a time of day; the text's own offset or zone is used
 *       exactly, and a pattern without one needs {@code zone}, where its local times are placed
 *       (times in a daylight-saving gap rejected, times in an overlap as {@code overlap} says). When
 *       both are there, the instant is shown at {@code zone}'s offset.</li>
 * </ul>
 * Null stays null; the output column keeps the input's name and nullability. Month and day names
 * are read in {@code locale} ({@link Locale#ROOT} by default: {@code Jan}). Immutable and
 * thread-safe.
 */
public final class ParseTemporal implements ValueTransform {
    private static final Set<ColumnType> OUTPUTS = Set.of(ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ);
    private final List<TemporalPattern> patterns;
    private final ColumnType output;
    private final ZoneId zone;
    private final DstOverlap overlap;
    private final String name;

    /**
     * @param patterns java.time patterns, tried in order; at least one
     * @param output   DATE, TIMESTAMP or TIMESTAMP_TZ
     * @param zone     see the class comment; null for none
     * @param overlap  what a local time that occurs twice in {@code zone} becomes; null for
     *                 {@link DstOverlap#REJECT}
     * @param baseYear the first of the hundred years two-digit years name; null when the patterns
     *                 have none
     * @param locale   for month and day names; null for {@link Locale#ROOT}
     */
    public ParseTemporal(List<String> patterns, ColumnType output, ZoneId zone, DstOverlap overlap, Integer baseYear,
                         Locale locale) {
        this("parse_date", patterns, output, zone, overlap, baseYear, locale);
    }

    /** The same under another name, for the casts from text that use it. */
    ParseTemporal(String name, List<String> patterns, ColumnType output, ZoneId zone, DstOverlap overlap,
                  Integer baseYear, Locale locale) {
        this.name = name;
        if (patterns == null || patterns.isEmpty()) {
            throw new TransformDefinitionException(name() + ": at least one pattern is needed, such as dd/MM/uuuu");
        }
        if (output == null || !OUTPUTS.contains(output)) {
            throw new TransformDefinitionException(name() + ": the output must be DATE, TIMESTAMP or TIMESTAMP_TZ, not "
                    + output);
        }
        this.output = output;
        this.zone = zone;
        this.overlap = overlap == null ? DstOverlap.REJECT : overlap;
        List<TemporalPattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            TemporalPattern one = TemporalPattern.compile(name(), pattern, baseYear, locale == null ? Locale.ROOT : locale);
            check(one);
            compiled.add(one);
        }
        this.patterns = List.copyOf(compiled);
    }

    /** Patterns with no zone, locale or base year. */
    public static ParseTemporal of(ColumnType output, String... patterns) {
        return new ParseTemporal(List.of(patterns), output, null, null, null, null);
    }

    private void check(TemporalPattern pattern) {
        String quoted = "pattern '" + pattern.pattern() + "'";
        if (output == ColumnType.DATE && (pattern.hasTime() || pattern.hasZone())) {
            throw new TransformDefinitionException(name() + ": " + quoted + " has a time of day or a zone, which a DATE"
                    + " would drop; make the output TIMESTAMP or TIMESTAMP_TZ, or leave the time out of the pattern");
        }
        if (output != ColumnType.DATE && !pattern.hasTime()) {
            throw new TransformDefinitionException(name() + ": " + quoted + " has no time of day for a " + output
                    + "; make the output DATE, or add the time (HH:mm:ss)");
        }
        if (output == ColumnType.TIMESTAMP && pattern.hasZone() && zone == null) {
            throw new TransformDefinitionException(name() + ": " + quoted + " reads an offset or zone, which a TIMESTAMP"
                    + " would drop; give a zone to convert the times to, or make the output TIMESTAMP_TZ");
        }
        if (output == ColumnType.TIMESTAMP_TZ && !pattern.hasZone() && zone == null) {
            throw new TransformDefinitionException(name() + ": " + quoted + " reads no offset or zone, so a TIMESTAMP_TZ"
                    + " needs a zone the local times are in, such as Europe/Rome");
        }
        // What the pattern prints for a full timestamp it must read back as the output: this finds
        // patterns without a year, a month or a day, and letters that cannot be formatted.
        ZonedDateTime sample = ZonedDateTime.of(2024, 3, 15, 13, 45, 30, 123_456_789, ZoneId.of("Europe/Rome"));
        try {
            TemporalAccessor read = pattern.formatter().parse(pattern.formatter().format(sample));
            if (output == ColumnType.DATE) {
                LocalDate.from(read);
            } else {
                LocalDateTime.from(read);
            }
        } catch (RuntimeException incomplete) {
            throw new TransformDefinitionException(name() + ": " + quoted + " does not read a whole " + output
                    + " (it needs the year, the month and the day" + (output == ColumnType.DATE ? "" : ", and the time")
                    + ")");
        }
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, Inputs.TEXT);
        TemporalParser parser = TemporalParser.of(patterns, output, zone, overlap);
        Column column = new Column(input.name(), output, input.nullable(), 0, 0);
        return Bound.of(input, column, value -> parser.parse((String) value));
    }

    @Override
    public String name() {
        return name;
    }
}

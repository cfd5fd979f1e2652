package dev.ferry.engine.transform.values;

import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.Shortened;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.text.ParsePosition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads text as a DATE, TIMESTAMP or TIMESTAMP_TZ with formatters tried in order; the first that
 * reads the whole text and resolves to a real date wins. Offsets and zones in the text are used
 * exactly; a local time is placed in a zone by {@link Zones#resolve}.
 */
final class TemporalParser {
    private final List<DateTimeFormatter> formatters;
    private final String patterns;
    private final ColumnType output;
    private final ZoneId zone;
    private final DstOverlap overlap;

    TemporalParser(List<DateTimeFormatter> formatters, String patterns, ColumnType output, ZoneId zone,
                   DstOverlap overlap) {
        this.formatters = List.copyOf(formatters);
        this.patterns = patterns;
        this.output = output;
        this.zone = zone;
        this.overlap = overlap;
    }

    static TemporalParser of(List<TemporalPattern> compiled, ColumnType output, ZoneId zone, DstOverlap overlap) {
        String patterns = compiled.size() == 1 ? "the pattern " + compiled.getFirst().pattern()
                : "any of the patterns " + compiled.stream().map(TemporalPattern::pattern).collect(Collectors.joining(", "));
        return new TemporalParser(compiled.stream().map(TemporalPattern::formatter).toList(), patterns, output, zone,
                overlap);
    }

    Object parse(String text) {
        boolean shapeMatched = false;
        for (DateTimeFormatter formatter : formatters) {
            TemporalAccessor parsed;
            try {
                parsed = formatter.parse(text);
            } catch (DateTimeParseException notThisOne) {
                ParsePosition position = new ParsePosition(0);
                shapeMatched |= formatter.parseUnresolved(text, position) != null && position.getIndex() == text.length()
                        && position.getErrorIndex() < 0;
                continue;
            }
            try {
                return convert(parsed, text);
            } catch (DateTimeException incomplete) {
                throw new Refusal(Shortened.quote(text) + " does not give a whole " + output + " with " + patterns);
            }
        }
        throw new Refusal(Shortened.quote(text) + (shapeMatched
                ? " matches " + patterns + " but is not a real date or time (checked strictly)"
                : " does not match " + patterns));
    }

    private Object convert(TemporalAccessor parsed, String text) {
        if (output == ColumnType.DATE) {
            return LocalDate.from(parsed);
        }
        LocalDateTime local = LocalDateTime.from(parsed);
        OffsetDateTime instant = null;
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            instant = local.atOffset(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        } else if (parsed.query(TemporalQueries.zoneId()) != null) {
            instant = Zones.resolve(local, parsed.query(TemporalQueries.zoneId()), overlap);
        }
        if (output == ColumnType.TIMESTAMP) {
            return instant == null ? local : Zones.localIn(instant, zone);
        }
        if (instant == null) {
            if (zone == null) {
                throw new Refusal(Shortened.quote(text) + " has no offset, and no zone was given to place it in");
            }
            return Zones.resolve(local, zone, overlap);
        }
        return zone == null ? instant : Zones.atZone(instant, zone);
    }
}

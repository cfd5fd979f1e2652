package dev.ferry.engine.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}), as classic
 * cron reads it: lists ({@code 1,15}), ranges ({@code 9-17}), steps ({@code *}{@code /4},
 * {@code 0-30/10}), month and day names ({@code JAN}, {@code MON-FRI}), Sunday as 0 or 7, and
 * {@code ?} as {@code *} in the day fields. When both day fields are restricted, a day matches if
 * either does.
 *
 * <p>Times are wall-clock times of a zone. Across daylight saving changes, {@link #next} fires:
 * <ul>
 *   <li>a time that does not exist (spring forward: 02:30 in Europe/Rome on the last Sunday of
 *       March) at the moment the clocks jump (03:00 local), once;</li>
 *   <li>a time that happens twice (fall back: 02:30 on the last Sunday of October) once, at its
 *       first occurrence. A schedule such as {@code *}{@code /15 * * * *} therefore does not fire
 *       again during the repeated hour; use an interval for a strict period.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class CronExpression {
    private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far ahead a match is looked for: eight years cover every leap day and weekday combination. */
    private static final int SEARCH_YEARS = 8;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    /** 0 = Sunday ... 6 = Saturday. */
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, BitSet[] fields, boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
    }

    /**
     * Reads an expression.
     *
     * @throws IllegalArgumentException naming the field that is wrong and why, or saying that the
     *                                  expression matches no date at all (such as February 30)
     */
    public static CronExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("must have five fields (minute hour day-of-month month day-of-week), "
                    + "as in \"15 */4 * * *\"; found " + (text.isBlank() ? 0 : parts.length));
        }
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(i, parts[i]);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
            fields[4].clear(7);
        }
        CronExpression cron = new CronExpression(String.join(" ", parts), fields,
                !isAny(parts[2]), !isAny(parts[4]));
        if (cron.nextLocal(LocalDateTime.of(2000, 1, 1, 0, 0)).isEmpty()) {
            throw new IllegalArgumentException("matches no date: no month has the days it names");
        }
        return cron;
    }

    /** The expression, its fields separated by single spaces. */
    public String text() {
        return text;
    }

    /** Whether the wall-clock minute {@code time} is one of the expression's. */
    public boolean matches(LocalDateTime time) {
        return months.get(time.getMonthValue()) && dayMatches(time.toLocalDate())
                && hours.get(time.getHour()) && minutes.get(time.getMinute());
    }

    /**
     * The first moment strictly after {@code after} at which the expression fires in {@code zone},
     * with daylight saving changes handled as the class describes.
     */
    public Instant next(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
        while (true) {
            LocalDateTime candidate = nextLocal(from).orElseThrow(
                    () -> new IllegalStateException("cron " + text + " matches no date"));
            Instant at = resolve(candidate, zone, rules);
            if (at.isAfter(after)) {
                return at;
            }
            from = candidate.plusMinutes(1);
        }
    }

    /** The first matching wall-clock minute at or after {@code from}, looked for up to eight years ahead. */
    Optional<LocalDateTime> nextLocal(LocalDateTime from) {
        LocalDateTime time = from.truncatedTo(ChronoUnit.MINUTES);
        if (time.isBefore(from)) {
            time = time.plusMinutes(1);
        }
        LocalDateTime limit = time.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(time.toLocalDate())) {
                time = time.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return Optional.of(time);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate date) {
        boolean byMonth = daysOfMonth.get(date.getDayOfMonth());
        boolean byWeek = daysOfWeek.get(date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return byMonth || byWeek;
        }
        return byMonth && byWeek;
    }

    /** A wall-clock time as a moment: the first occurrence when it happens twice, the jump when it does not exist. */
    private static Instant resolve(LocalDateTime local, ZoneId zone, ZoneRules rules) {
        if (rules.getValidOffsets(local).isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        // With a null preferred offset the earlier of two valid offsets is used: the first occurrence.
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    private static boolean isAny(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static BitSet field(int index, String text) {
        BitSet values = new BitSet(MAX[index] + 1);
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw problem(index, text, "has an empty item in its list");
            }
            addItem(index, text, item, values);
        }
        return values;
    }

    private static void addItem(int index, String field, String item, BitSet values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(index, field, item.substring(slash + 1), false);
            if (step < 1) {
                throw problem(index, field, "has a step of 0");
            }
        }
        int from;
        int to;
        if (range.equals("*") || (range.equals("?") && (index == 2 || index == 4))) {
            from = MIN[index];
            to = index == 4 ? 6 : MAX[index];
        } else if (range.contains("-")) {
            String[] ends = range.split("-", -1);
            if (ends.length != 2) {
                throw problem(index, field, "has a range '" + range + "' that is not from-to");
            }
            from = number(index, field, ends[0], true);
            to = number(index, field, ends[1], true);
            if (from > to) {
                throw problem(index, field, "has a range " + range + " that ends before it starts");
            }
        } else {
            from = number(index, field, range, true);
            to = slash >= 0 ? (index == 4 ? 6 : MAX[index]) : from;
        }
        for (int value = from; value <= to; value += step) {
            values.set(value);
        }
    }

    private static int number(int index, String field, String text, boolean checkRange) {
        String upper = text.toUpperCase(Locale.ROOT);
        int value;
        if (index == 3 && MONTHS.contains(upper)) {
            value = MONTHS.indexOf(upper) + 1;
        } else if (index == 4 && DAYS.contains(upper)) {
            value = DAYS.indexOf(upper);
        } else if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 4) {
            value = Integer.parseInt(text);
        } else if (text.matches(".*[LW#].*")) {
            throw problem(index, field, "uses L, W or #, which five-field cron does not have");
        } else {
            throw problem(index, field, "has '" + text + "', which is not a number" + (index == 3 ? " or a month name (JAN-DEC)"
                    : index == 4 ? " or a day name (SUN-SAT)" : ""));
        }
        if (checkRange && (value < MIN[index] || value > MAX[index])) {
            throw problem(index, field, "has " + value + ", outside " + MIN[index] + "-" + MAX[index]);
        }
        return value;
    }

    private static IllegalArgumentException problem(int index, String field, String what) {
        return new IllegalArgumentException("its " + FIELD_NAMES[index] + " field '" + field + "' " + what);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

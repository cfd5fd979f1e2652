package dev.ferry.engine.transform.values;

import dev.ferry.engine.transform.Shortened;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Local times in zones, without silent shifts: a time in a gap is refused, a time in an overlap is
 * resolved only as {@link DstOverlap} says. The MIN and MAX timestamps (PostgreSQL's -infinity and
 * infinity) stay MIN and MAX in every zone.
 */
final class Zones {

    private Zones() {
    }

    /** The instant {@code local} names in {@code zone}, with the zone's offset at that instant. */
    static OffsetDateTime resolve(LocalDateTime local, ZoneId zone, DstOverlap overlap) {
        if (local.equals(LocalDateTime.MAX)) {
            return OffsetDateTime.MAX;
        }
        if (local.equals(LocalDateTime.MIN)) {
            return OffsetDateTime.MIN;
        }
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return local.atOffset(offsets.getFirst());
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (offsets.isEmpty()) {
            throw new Refusal(Shortened.quote(local) + " does not exist in " + zone + ": clocks went from "
                    + transition.getDateTimeBefore().toLocalTime() + " to " + transition.getDateTimeAfter().toLocalTime()
                    + " on " + transition.getDateTimeBefore().toLocalDate());
        }
        return switch (overlap) {
            case EARLIER -> local.atOffset(transition.getOffsetBefore());
            case LATER -> local.atOffset(transition.getOffsetAfter());
            case REJECT -> throw new Refusal(Shortened.quote(local) + " occurs twice in " + zone + " (at offsets "
                    + transition.getOffsetBefore() + " and " + transition.getOffsetAfter()
                    + "); choose the earlier or the later to accept such times");
        };
    }

    /** The same instant at {@code zone}'s offset. */
    static OffsetDateTime atZone(OffsetDateTime value, ZoneId zone) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            return value;
        }
        try {
            return value.atZoneSameInstant(zone).toOffsetDateTime();
        } catch (java.time.DateTimeException outOfRange) {
            throw new Refusal(Shortened.quote(value) + " has no time in " + zone + " within the supported years");
        }
    }

    /** The local time {@code zone}'s clocks show at the instant {@code value}. */
    static LocalDateTime localIn(OffsetDateTime value, ZoneId zone) {
        if (value.equals(OffsetDateTime.MAX)) {
            return LocalDateTime.MAX;
        }
        if (value.equals(OffsetDateTime.MIN)) {
            return LocalDateTime.MIN;
        }
        try {
            return value.atZoneSameInstant(zone).toLocalDateTime();
        } catch (java.time.DateTimeException outOfRange) {
            throw new Refusal(Shortened.quote(value) + " has no time in " + zone + " within the supported years");
        }
    }
}

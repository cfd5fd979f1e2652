package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;

/**
 * Moves timestamps to a zone; the output is a TIMESTAMP_TZ.
 * <ul>
 *   <li>TIMESTAMP_TZ: the same instant, shown at {@code to}'s offset at that instant
 *       ({@code 2024-07-01T10:00Z} to Europe/Rome is {@code 2024-07-01T12:00+02:00}); nothing is
 *       lost, only the offset written changes.</li>
 *   <li>TIMESTAMP: a local time, taken as a time in {@code localZone} (needed for such columns),
 *       then shown at {@code to}'s offset. A local time in a daylight-saving gap (02:30 on 31 March
 *       2024 in Europe/Rome never happened) is rejected, never shifted; one in an overlap (02:30 on
 *       27 October 2024 happened twice) is rejected or resolved as {@code overlap} says.</li>
 * </ul>
 * The MIN and MAX timestamps (PostgreSQL's -infinity and infinity) stay MIN and MAX. Null stays
 * null. Immutable and thread-safe.
 *
 * @param to        the zone the output is shown in; never null
 * @param localZone the zone TIMESTAMP values are local times of; null for TIMESTAMP_TZ columns
 * @param overlap   for local times that occur twice; null for {@link DstOverlap#REJECT}
 */
public record ConvertZone(ZoneId to, ZoneId localZone, DstOverlap overlap) implements ValueTransform {

    public ConvertZone {
        if (to == null) {
            throw new TransformDefinitionException("convert_zone: the zone to convert to is needed, such as Europe/Rome");
        }
        overlap = overlap == null ? DstOverlap.REJECT : overlap;
    }

    /** For TIMESTAMP_TZ columns. */
    public static ConvertZone to(ZoneId to) {
        return new ConvertZone(to, null, null);
    }

    /** For TIMESTAMP columns holding local times of {@code localZone}. */
    public static ConvertZone fromLocal(ZoneId localZone, ZoneId to, DstOverlap overlap) {
        return new ConvertZone(to, localZone, overlap);
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, EnumSet.of(ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ));
        Column output = new Column(input.name(), ColumnType.TIMESTAMP_TZ, input.nullable(), 0, 0);
        if (input.type() == ColumnType.TIMESTAMP_TZ) {
            if (localZone != null) {
                throw new TransformDefinitionException(name() + ": column " + input.name() + " is TIMESTAMP_TZ, whose"
                        + " values carry their offset; the zone of local times applies to TIMESTAMP columns only");
            }
            return Bound.of(input, output, value -> Zones.atZone((OffsetDateTime) value, to));
        }
        if (localZone == null) {
            throw new TransformDefinitionException(name() + ": column " + input.name() + " is a TIMESTAMP without zone;"
                    + " say which zone its local times are in (such as Europe/Rome)");
        }
        return Bound.of(input, output, value -> Zones.atZone(Zones.resolve((LocalDateTime) value, localZone, overlap), to));
    }

    @Override
    public String name() {
        return "convert_zone";
    }
}

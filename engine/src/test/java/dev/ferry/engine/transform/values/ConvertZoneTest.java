package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instants keep their instant in another zone; local times are placed in a zone without shifting gap times. */
class ConvertZoneTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Column INSTANT = new Column("at", ColumnType.TIMESTAMP_TZ, false, 0, 0);
    private static final Column LOCAL = new Column("at", ColumnType.TIMESTAMP, true, 0, 0);

    @Test
    void instantsAreShownAtTheZonesOffset() {
        BoundValueTransform convert = ConvertZone.to(ROME).bind(INSTANT);
        assertThat(convert.output()).isEqualTo(INSTANT);
        OffsetDateTime summer = OffsetDateTime.parse("2024-07-01T10:00Z");
        assertThat(convert.apply(summer)).isEqualTo(OffsetDateTime.parse("2024-07-01T12:00+02:00"));
        assertThat(((OffsetDateTime) convert.apply(summer)).toInstant()).isEqualTo(summer.toInstant());
        assertThat(convert.apply(OffsetDateTime.parse("2024-01-01T10:00Z"))).isEqualTo(OffsetDateTime.parse("2024-01-01T11:00+01:00"));
        assertThat(ConvertZone.to(ZoneOffset.UTC).bind(INSTANT).apply(OffsetDateTime.parse("2024-01-01T10:00+05:30")))
                .isEqualTo(OffsetDateTime.parse("2024-01-01T04:30Z"));
        assertThat(convert.apply(OffsetDateTime.MAX)).isEqualTo(OffsetDateTime.MAX);
        assertThat(convert.apply(OffsetDateTime.MIN)).isEqualTo(OffsetDateTime.MIN);
        assertThat(convert.apply(null)).isNull();
    }

    @Test
    void localTimesArePlacedInTheirZoneThenConverted() {
        BoundValueTransform convert = ConvertZone.fromLocal(ROME, NEW_YORK, null).bind(LOCAL);
        assertThat(convert.output()).isEqualTo(new Column("at", ColumnType.TIMESTAMP_TZ, true, 0, 0));
        assertThat(convert.apply(LocalDateTime.of(2024, 7, 1, 12, 0))).isEqualTo(OffsetDateTime.parse("2024-07-01T06:00-04:00"));
        assertThat(convert.apply(LocalDateTime.MAX)).isEqualTo(OffsetDateTime.MAX);
        assertThat(convert.apply(null)).isNull();
        BoundValueTransform same = ConvertZone.fromLocal(ROME, ROME, null).bind(LOCAL);
        assertThat(same.apply(LocalDateTime.of(2024, 1, 1, 12, 0))).isEqualTo(OffsetDateTime.parse("2024-01-01T12:00+01:00"));
    }

    @Test
    void gapTimesAreRejectedAndOverlapsAsChosen() {
        BoundValueTransform reject = ConvertZone.fromLocal(ROME, ZoneOffset.UTC, null).bind(LOCAL);
        assertThatThrownBy(() -> reject.apply(LocalDateTime.of(2024, 3, 31, 2, 30)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("at");
                    assertThat(e.reason()).isEqualTo("\'2024-03-31T02:30\' does not exist in Europe/Rome: clocks went from"
                            + " 02:00 to 03:00 on 2024-03-31");
                });
        assertThatThrownBy(() -> reject.apply(LocalDateTime.of(2024, 10, 27, 2, 30)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("occurs twice in Europe/Rome");
        assertThat(reject.apply(LocalDateTime.of(2024, 3, 31, 3, 0))).isEqualTo(OffsetDateTime.parse("2024-03-31T01:00Z"));
        assertThat(reject.apply(LocalDateTime.of(2024, 3, 31, 1, 59, 59))).isEqualTo(OffsetDateTime.parse("2024-03-31T00:59:59Z"));
        assertThat(ConvertZone.fromLocal(ROME, ZoneOffset.UTC, DstOverlap.EARLIER).bind(LOCAL)
                .apply(LocalDateTime.of(2024, 10, 27, 2, 30))).isEqualTo(OffsetDateTime.parse("2024-10-27T00:30Z"));
        assertThat(ConvertZone.fromLocal(ROME, ZoneOffset.UTC, DstOverlap.LATER).bind(LOCAL)
                .apply(LocalDateTime.of(2024, 10, 27, 2, 30))).isEqualTo(OffsetDateTime.parse("2024-10-27T01:30Z"));
        // a gap is rejected even when an overlap choice is given
        assertThatThrownBy(() -> ConvertZone.fromLocal(ROME, ZoneOffset.UTC, DstOverlap.LATER).bind(LOCAL)
                .apply(LocalDateTime.of(2024, 3, 31, 2, 0))).isInstanceOf(RejectedValueException.class);
    }

    @Test
    void refusesWhatItCannotConvert() {
        assertThatThrownBy(() -> ConvertZone.to(ROME).bind(LOCAL)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("convert_zone: column at is a TIMESTAMP without zone; say which zone its local times are in"
                        + " (such as Europe/Rome)");
        assertThatThrownBy(() -> ConvertZone.fromLocal(ROME, ROME, null).bind(INSTANT))
                .hasMessageContaining("the zone of local times applies to TIMESTAMP columns only");
        assertThatThrownBy(() -> ConvertZone.to(ROME).bind(Column.of("d", ColumnType.DATE)))
                .hasMessage("convert_zone takes columns of type TIMESTAMP, TIMESTAMP_TZ; column d is DATE");
        assertThatThrownBy(() -> ConvertZone.to(null)).isInstanceOf(TransformDefinitionException.class);
    }
}

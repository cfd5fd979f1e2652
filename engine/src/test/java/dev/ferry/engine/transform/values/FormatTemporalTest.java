package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;

import static dev.ferry.api.ColumnType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dates and times written as text with a pattern; what the input cannot give is refused when bound. */
class FormatTemporalTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private static BoundValueTransform format(FormatTemporal format, ColumnType type) {
        return format.bind(new Column("at", type, false, 0, 0));
    }

    @Test
    void formatsEachTemporalType() {
        BoundValueTransform date = format(FormatTemporal.of("dd/MM/yyyy"), DATE);
        assertThat(date.output()).isEqualTo(new Column("at", STRING, false, 0, 0));
        assertThat(date.apply(LocalDate.of(2024, 1, 5))).isEqualTo("05/01/2024");
        assertThat(date.apply(LocalDate.of(-43, 3, 15))).isEqualTo("15/03/-0043");
        assertThat(date.apply(null)).isNull();
        assertThat(format(FormatTemporal.of("HH:mm:ss.SSS"), TIME).apply(LocalTime.of(13, 45, 30, 5_000_000)))
                .isEqualTo("13:45:30.005");
        assertThat(format(FormatTemporal.of("uuuu-MM-dd HH:mm"), TIMESTAMP).apply(LocalDateTime.of(2024, 1, 5, 13, 45)))
                .isEqualTo("2024-01-05 13:45");
        assertThat(format(FormatTemporal.of("uuuu-MM-dd HH:mm xxx"), TIMESTAMP_TZ)
                .apply(OffsetDateTime.parse("2024-01-05T13:45+05:30"))).isEqualTo("2024-01-05 13:45 +05:30");
        assertThat(format(FormatTemporal.of("d MMM uuuu"), DATE).apply(LocalDate.of(2024, 1, 5))).isEqualTo("5 Jan 2024");
        assertThat(format(new FormatTemporal("d MMMM uuuu", null, null, null, Locale.ITALIAN), DATE)
                .apply(LocalDate.of(2024, 1, 5))).isEqualTo("5 gennaio 2024");
    }

    @Test
    void aZoneShowsInstantsAtItsOffsetAndPlacesLocalTimes() {
        BoundValueTransform instant = format(new FormatTemporal("uuuu-MM-dd HH:mm VV", ROME, null, null, null), TIMESTAMP_TZ);
        assertThat(instant.apply(OffsetDateTime.parse("2024-07-01T08:00Z"))).isEqualTo("2024-07-01 10:00 Europe/Rome");
        BoundValueTransform local = format(new FormatTemporal("uuuu-MM-dd HH:mm xxx", ROME, null, null, null), TIMESTAMP);
        assertThat(local.apply(LocalDateTime.of(2024, 1, 1, 10, 0))).isEqualTo("2024-01-01 10:00 +01:00");
        assertThatThrownBy(() -> local.apply(LocalDateTime.of(2024, 3, 31, 2, 30)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("does not exist in Europe/Rome");
        assertThatThrownBy(() -> local.apply(LocalDateTime.of(2024, 10, 27, 2, 30)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("occurs twice in Europe/Rome");
        BoundValueTransform later = format(new FormatTemporal("HH:mm xxx", ROME, DstOverlap.LATER, null, null), TIMESTAMP);
        assertThat(later.apply(LocalDateTime.of(2024, 10, 27, 2, 30))).isEqualTo("02:30 +01:00");
    }

    @Test
    void infinitiesAreRejected() {
        BoundValueTransform date = format(FormatTemporal.of("dd/MM/uuuu"), DATE);
        assertThatThrownBy(() -> date.apply(LocalDate.MAX)).isInstanceOfSatisfying(RejectedValueException.class, e ->
                assertThat(e.reason()).isEqualTo("'+999999999-12-31' stands for infinity, which has no text in pattern"
                        + " 'dd/MM/uuuu'"));
        assertThatThrownBy(() -> format(FormatTemporal.of("uuuu"), TIMESTAMP_TZ).apply(OffsetDateTime.MIN))
                .isInstanceOf(RejectedValueException.class);
    }

    @Test
    void twoDigitYearsOnlyWithinTheirHundredYears() {
        assertThatThrownBy(() -> FormatTemporal.of("dd/MM/yy")).isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("format_date: pattern 'dd/MM/yy' has a two-digit year");
        BoundValueTransform format = format(new FormatTemporal("dd/MM/yy", null, null, 1950, null), DATE);
        assertThat(format.apply(LocalDate.of(1985, 3, 1))).isEqualTo("01/03/85");
        assertThat(format.apply(LocalDate.of(2049, 3, 1))).isEqualTo("01/03/49");
        assertThatThrownBy(() -> format.apply(LocalDate.of(2050, 3, 1))).isInstanceOfSatisfying(RejectedValueException.class,
                e -> assertThat(e.reason()).isEqualTo("'2050-03-01' is outside the years 1950 to 2049 that the two-digit"
                        + " year of pattern 'dd/MM/yy' can show"));
        BoundValueTransform fourDigits = format(new FormatTemporal("dd/MM/uuuu", null, null, 1950, null), DATE);
        assertThat(fourDigits.apply(LocalDate.of(2050, 3, 1))).isEqualTo("01/03/2050");
    }

    @Test
    void patternsNeedingWhatTheInputLacksAreRefused() {
        assertThatThrownBy(() -> format(FormatTemporal.of("dd/MM/uuuu HH:mm"), DATE))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("format_date: pattern 'dd/MM/uuuu HH:mm' needs fields a DATE does not have; column at is DATE");
        assertThatThrownBy(() -> format(FormatTemporal.of("HH:mm xxx"), TIMESTAMP))
                .hasMessage("format_date: pattern 'HH:mm xxx' needs fields a TIMESTAMP does not have (an offset or a zone"
                        + " name needs a zone); column at is TIMESTAMP");
        assertThatThrownBy(() -> format(FormatTemporal.of("HH:mm VV"), TIMESTAMP_TZ))
                .hasMessageContaining("needs fields a TIMESTAMP_TZ does not have");
        assertThatThrownBy(() -> format(FormatTemporal.of("uuuu"), TIME)).hasMessageContaining("a TIME does not have");
        assertThatThrownBy(() -> format(FormatTemporal.of("uuuu"), TEXT))
                .hasMessage("format_date takes columns of type DATE, TIME, TIMESTAMP, TIMESTAMP_TZ; column at is TEXT");
        assertThatThrownBy(() -> FormatTemporal.of("{uuuu}")).hasMessageContaining("is not a valid java.time pattern");
    }
}

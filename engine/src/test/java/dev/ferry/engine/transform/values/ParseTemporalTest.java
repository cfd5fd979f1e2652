package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import static dev.ferry.api.ColumnType.DATE;
import static dev.ferry.api.ColumnType.TIMESTAMP;
import static dev.ferry.api.ColumnType.TIMESTAMP_TZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dates read strictly with patterns tried in order; what a pattern cannot give is refused at definition. */
class ParseTemporalTest {
    private static final Column BORN = new Column("born", ColumnType.STRING, false, 20, 0);
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private static void assertRejected(BoundValueTransform bound, String value, String reason) {
        assertThatThrownBy(() -> bound.apply(value)).isInstanceOfSatisfying(RejectedValueException.class, e -> {
            assertThat(e.column()).isEqualTo("born");
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @Test
    void patternsAreTriedInOrder() {
        BoundValueTransform parse = ParseTemporal.of(DATE, "dd/MM/uuuu", "uuuu-MM-dd", "d MMM uuuu").bind(BORN);
        assertThat(parse.output()).isEqualTo(new Column("born", DATE, false, 0, 0));
        assertThat(parse.apply("05/01/2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(parse.apply("2024-01-05")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(parse.apply("5 Jan 2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(parse.apply("29/02/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(parse.apply(null)).isNull();
    }

    @Test
    void impossibleDatesAreRejectedNotMoved() {
        BoundValueTransform parse = ParseTemporal.of(DATE, "dd/MM/uuuu").bind(BORN);
        assertRejected(parse, "31/02/2024", "'31/02/2024' matches the pattern dd/MM/uuuu but is not a real date or time"
                + " (checked strictly)");
        assertRejected(parse, "29/02/2023", "'29/02/2023' matches the pattern dd/MM/uuuu but is not a real date or time"
                + " (checked strictly)");
        assertRejected(parse, "00/01/2024", "'00/01/2024' matches the pattern dd/MM/uuuu but is not a real date or time"
                + " (checked strictly)");
        assertRejected(parse, "5/1/2024", "'5/1/2024' does not match the pattern dd/MM/uuuu");
        assertRejected(parse, "05/01/2024 ", "'05/01/2024 ' does not match the pattern dd/MM/uuuu");
        assertRejected(parse, "", "'' does not match the pattern dd/MM/uuuu");
        BoundValueTransform two = ParseTemporal.of(DATE, "dd/MM/uuuu", "uuuu-MM-dd").bind(BORN);
        assertRejected(two, "yesterday", "'yesterday' does not match any of the patterns dd/MM/uuuu, uuuu-MM-dd");
    }

    @Test
    void yyyyIsTheYearOfTheCommonEra() {
        BoundValueTransform parse = ParseTemporal.of(DATE, "dd/MM/yyyy").bind(BORN);
        assertThat(parse.apply("31/12/1999")).isEqualTo(LocalDate.of(1999, 12, 31));
        assertRejected(parse, "31/04/1999", "'31/04/1999' matches the pattern dd/MM/yyyy but is not a real date or time"
                + " (checked strictly)");
    }

    @Test
    void twoDigitYearsNeedABaseYear() {
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "dd/MM/yy")).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("parse_date: pattern 'dd/MM/yy' has a two-digit year, which is ambiguous (is 85 1985 or"
                        + " 2085?); write the year with four letters (uuuu) or give a base year, such as 1950 for"
                        + " 1950-2049");
        BoundValueTransform parse = new ParseTemporal(List.of("dd/MM/yy"), DATE, null, null, 1950, null).bind(BORN);
        assertThat(parse.apply("01/01/50")).isEqualTo(LocalDate.of(1950, 1, 1));
        assertThat(parse.apply("31/12/99")).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(parse.apply("01/01/49")).isEqualTo(LocalDate.of(2049, 1, 1));
        assertThat(parse.apply("29/02/00")).isEqualTo(LocalDate.of(2000, 2, 29));
        assertRejected(parse, "01/01/1985", "'01/01/1985' does not match the pattern dd/MM/yy");
    }

    @Test
    void timestampsAndTheirZones() {
        BoundValueTransform local = ParseTemporal.of(TIMESTAMP, "dd/MM/uuuu HH:mm[:ss]").bind(BORN);
        assertThat(local.apply("05/01/2024 13:45")).isEqualTo(LocalDateTime.of(2024, 1, 5, 13, 45));
        assertThat(local.apply("05/01/2024 13:45:30")).isEqualTo(LocalDateTime.of(2024, 1, 5, 13, 45, 30));
        assertRejected(local, "05/01/2024 24:00", "'05/01/2024 24:00' matches the pattern dd/MM/uuuu HH:mm[:ss] but is"
                + " not a real date or time (checked strictly)");

        BoundValueTransform withOffset = ParseTemporal.of(TIMESTAMP_TZ, "uuuu-MM-dd HH:mm XXX").bind(BORN);
        assertThat(withOffset.apply("2024-01-05 13:45 +05:30")).isEqualTo(OffsetDateTime.parse("2024-01-05T13:45+05:30"));
        assertThat(withOffset.apply("2024-01-05 13:45 Z")).isEqualTo(OffsetDateTime.parse("2024-01-05T13:45Z"));

        BoundValueTransform inRome = new ParseTemporal(List.of("dd/MM/uuuu HH:mm"), TIMESTAMP_TZ, ROME, null, null, null)
                .bind(BORN);
        assertThat(inRome.output().type()).isEqualTo(TIMESTAMP_TZ);
        assertThat(inRome.apply("01/07/2024 10:00")).isEqualTo(OffsetDateTime.parse("2024-07-01T10:00+02:00"));
        assertThat(inRome.apply("01/01/2024 10:00")).isEqualTo(OffsetDateTime.parse("2024-01-01T10:00+01:00"));
        assertRejected(inRome, "31/03/2024 02:30", "\'2024-03-31T02:30\' does not exist in Europe/Rome: clocks went from 02:00"
                + " to 03:00 on 2024-03-31");
        assertRejected(inRome, "27/10/2024 02:30", "\'2024-10-27T02:30\' occurs twice in Europe/Rome (at offsets +02:00 and"
                + " +01:00); choose the earlier or the later to accept such times");
        BoundValueTransform later = new ParseTemporal(List.of("dd/MM/uuuu HH:mm"), TIMESTAMP_TZ, ROME, DstOverlap.LATER,
                null, null).bind(BORN);
        assertThat(later.apply("27/10/2024 02:30")).isEqualTo(OffsetDateTime.parse("2024-10-27T02:30+01:00"));
        BoundValueTransform earlier = new ParseTemporal(List.of("dd/MM/uuuu HH:mm"), TIMESTAMP_TZ, ROME, DstOverlap.EARLIER,
                null, null).bind(BORN);
        assertThat(earlier.apply("27/10/2024 02:30")).isEqualTo(OffsetDateTime.parse("2024-10-27T02:30+02:00"));

        BoundValueTransform converted = new ParseTemporal(List.of("uuuu-MM-dd HH:mm X"), TIMESTAMP_TZ, ROME, null, null, null)
                .bind(BORN);
        assertThat(converted.apply("2024-07-01 08:00 Z")).isEqualTo(OffsetDateTime.parse("2024-07-01T10:00+02:00"));
        BoundValueTransform toLocal = new ParseTemporal(List.of("uuuu-MM-dd HH:mm X"), TIMESTAMP, ROME, null, null, null)
                .bind(BORN);
        assertThat(toLocal.apply("2024-07-01 08:00 Z")).isEqualTo(LocalDateTime.of(2024, 7, 1, 10, 0));
        BoundValueTransform zoneNames = ParseTemporal.of(TIMESTAMP_TZ, "uuuu-MM-dd HH:mm VV").bind(BORN);
        assertThat(zoneNames.apply("2024-07-01 10:00 Europe/Rome")).isEqualTo(OffsetDateTime.parse("2024-07-01T10:00+02:00"));
        assertRejected(zoneNames, "2024-03-31 02:30 Europe/Rome", "\'2024-03-31T02:30\' does not exist in Europe/Rome: clocks"
                + " went from 02:00 to 03:00 on 2024-03-31");
    }

    @Test
    void monthNamesInALocale() {
        BoundValueTransform italian = new ParseTemporal(List.of("d MMMM uuuu"), DATE, null, null, null, Locale.ITALIAN)
                .bind(BORN);
        assertThat(italian.apply("5 gennaio 2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertRejected(italian, "5 January 2024", "'5 January 2024' does not match the pattern d MMMM uuuu");
    }

    @Test
    void whatAPatternCannotGiveIsRefusedAtDefinition() {
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "dd/MM/uuuu HH:mm")).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("parse_date: pattern 'dd/MM/uuuu HH:mm' has a time of day or a zone, which a DATE would drop;"
                        + " make the output TIMESTAMP or TIMESTAMP_TZ, or leave the time out of the pattern");
        assertThatThrownBy(() -> ParseTemporal.of(TIMESTAMP, "dd/MM/uuuu"))
                .hasMessage("parse_date: pattern 'dd/MM/uuuu' has no time of day for a TIMESTAMP; make the output DATE, or"
                        + " add the time (HH:mm:ss)");
        assertThatThrownBy(() -> ParseTemporal.of(TIMESTAMP, "uuuu-MM-dd HH:mm XXX"))
                .hasMessageContaining("reads an offset or zone, which a TIMESTAMP would drop");
        assertThatThrownBy(() -> ParseTemporal.of(TIMESTAMP_TZ, "uuuu-MM-dd HH:mm"))
                .hasMessageContaining("reads no offset or zone, so a TIMESTAMP_TZ needs a zone the local times are in");
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "MM/uuuu"))
                .hasMessage("parse_date: pattern 'MM/uuuu' does not read a whole DATE (it needs the year, the month and the day)");
        assertThatThrownBy(() -> ParseTemporal.of(TIMESTAMP, "uuuu-MM-dd hh:mm"))
                .hasMessageContaining("does not read a whole TIMESTAMP");
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "dd/MM/uuuu'")).hasMessageContaining("is not a valid java.time pattern");
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "dd/MM/uuuu#")).hasMessageContaining("is not a valid java.time pattern");
        assertThatThrownBy(() -> ParseTemporal.of(DATE)).hasMessage("parse_date: at least one pattern is needed, such as"
                + " dd/MM/uuuu");
        assertThatThrownBy(() -> ParseTemporal.of(DATE, " ")).hasMessageContaining("a pattern is needed");
        assertThatThrownBy(() -> ParseTemporal.of(ColumnType.TIME, "HH:mm"))
                .hasMessage("parse_date: the output must be DATE, TIMESTAMP or TIMESTAMP_TZ, not TIME");
        assertThatThrownBy(() -> ParseTemporal.of(DATE, "dd/MM/uuuu").bind(Column.of("d", DATE)))
                .hasMessage("parse_date takes columns of type STRING, TEXT; column d is DATE");
    }

    @Test
    void quotedLettersAreLiterals() {
        BoundValueTransform parse = ParseTemporal.of(TIMESTAMP, "uuuu-MM-dd'T'HH:mm 'o''clock'").bind(BORN);
        assertThat(parse.apply("2024-01-05T13:45 o'clock")).isEqualTo(LocalDateTime.of(2024, 1, 5, 13, 45));
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import static dev.ferry.api.ColumnType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Casts convert exactly or reject; unsupported pairs are refused when bound. */
class CastTest {
    private static final Column TEXT_COLUMN = Column.of("v", TEXT);
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private static BoundValueTransform cast(ColumnType from, Cast cast) {
        return cast.bind(Column.of("v", from));
    }

    private static void assertRejected(BoundValueTransform bound, Object value, String reason) {
        assertThatThrownBy(() -> bound.apply(value)).isInstanceOfSatisfying(RejectedValueException.class, e -> {
            assertThat(e.column()).isEqualTo("v");
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void textToIntegersExactlyOrRejected() {
        BoundValueTransform toInt = Cast.to(INTEGER).bind(TEXT_COLUMN);
        assertThat(toInt.output()).isEqualTo(Column.of("v", INTEGER));
        assertThat(toInt.apply("12")).isEqualTo(12);
        assertThat(toInt.apply("-12")).isEqualTo(-12);
        assertThat(toInt.apply("+007")).isEqualTo(7);
        assertThat(toInt.apply("12.00")).isEqualTo(12);
        assertThat(toInt.apply("1.2e1")).isEqualTo(12);
        assertThat(toInt.apply("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(toInt.apply(null)).isNull();
        assertRejected(toInt, "12.5", "'12.5' is not a whole number, so it is not an INTEGER");
        assertRejected(toInt, "2147483648", "'2147483648' is beyond the INTEGER range (-2147483648 to 2147483647)");
        assertRejected(toInt, "99999999999999999999999", "beyond the INTEGER range");
        assertRejected(toInt, " 12", "' 12' is not a number");
        assertRejected(toInt, "", "'' is not a number");
        assertRejected(toInt, "1e99999", "is not a number");
        assertRejected(toInt, "0x10", "is not a number");
        assertThat(Cast.to(SMALLINT).bind(TEXT_COLUMN).apply("-32768")).isEqualTo((short) -32768);
        assertRejected(Cast.to(SMALLINT).bind(TEXT_COLUMN), "32768", "beyond the SMALLINT range");
        assertThat(Cast.to(BIGINT).bind(TEXT_COLUMN).apply("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertRejected(Cast.to(BIGINT).bind(TEXT_COLUMN), "9223372036854775808", "beyond the BIGINT range");
    }

    @Test
    void textToDecimalWithoutRoundingOrOverflow() {
        BoundValueTransform toDecimal = Cast.toDecimal(5, 2).bind(TEXT_COLUMN);
        assertThat(toDecimal.output()).isEqualTo(new Column("v", DECIMAL, true, 5, 2));
        assertThat(toDecimal.apply("12.5")).isEqualTo(new BigDecimal("12.50"));
        assertThat(toDecimal.apply("-999.99")).isEqualTo(new BigDecimal("-999.99"));
        assertThat(toDecimal.apply("0.010")).isEqualTo(new BigDecimal("0.01"));
        assertRejected(toDecimal, "12.345", "'12.345' needs rounding to fit DECIMAL(5,2) (2 digits after the point)");
        assertRejected(toDecimal, "1000", "'1000' has more digits than DECIMAL(5,2) holds (at most 3 before the point)");
        assertRejected(toDecimal, "NaN", "is not a number");
        BoundValueTransform unbounded = Cast.to(DECIMAL).bind(TEXT_COLUMN);
        assertThat(unbounded.apply("12.500")).isEqualTo(new BigDecimal("12.500"));
        assertThat(unbounded.apply("1e3")).isEqualTo(new BigDecimal("1000"));
    }

    @Test
    void textToFloatsOnlyWhenTheFloatIsThatNumber() {
        BoundValueTransform toDouble = Cast.to(DOUBLE).bind(TEXT_COLUMN);
        assertThat(toDouble.apply("0.1")).isEqualTo(0.1d);
        assertThat(toDouble.apply("1e300")).isEqualTo(1e300);
        assertThat(toDouble.apply("NaN")).isEqualTo(Double.NaN);
        assertThat(toDouble.apply("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertRejected(toDouble, "0.10000000000000001", "has no exact DOUBLE form (the nearest is 0.1)");
        assertRejected(toDouble, "9007199254740993", "has no exact DOUBLE form");
        assertRejected(toDouble, "1e400", "out of range");
        assertRejected(Cast.to(FLOAT).bind(TEXT_COLUMN), "16777217", "has no exact FLOAT form");
        assertThat(Cast.to(FLOAT).bind(TEXT_COLUMN).apply("16777216")).isEqualTo(16777216f);
    }

    @Test
    void textToBooleanAcceptsTheDocumentedWordsInAnyCase() {
        BoundValueTransform toBoolean = Cast.to(BOOLEAN).bind(TEXT_COLUMN);
        for (String yes : new String[] {"true", "TRUE", "True", "yes", "YES", "1"}) {
            assertThat(toBoolean.apply(yes)).as(yes).isEqualTo(true);
        }
        for (String no : new String[] {"false", "False", "no", "No", "0"}) {
            assertThat(toBoolean.apply(no)).as(no).isEqualTo(false);
        }
        assertRejected(toBoolean, "t", "'t' is not a boolean (true/false, yes/no or 1/0, in any case)");
        assertRejected(toBoolean, "2", "is not a boolean");
        assertRejected(toBoolean, " yes", "is not a boolean");
    }

    @Test
    void decimalsToIntegersOnlyWhenWhole() {
        BoundValueTransform toInt = cast(DECIMAL, Cast.to(INTEGER));
        assertThat(toInt.apply(new BigDecimal("12.00"))).isEqualTo(12);
        assertThat(toInt.apply(new BigDecimal("0.000"))).isEqualTo(0);
        assertThat(toInt.apply(new BigDecimal("1E+3"))).isEqualTo(1000);
        assertRejected(toInt, new BigDecimal("12.50"), "'12.50' is not a whole number");
        assertRejected(toInt, new BigDecimal("2147483648"), "beyond the INTEGER range");
        assertRejected(toInt, NonFiniteDecimal.NAN, "'NaN' is not a finite number");
    }

    @Test
    void integersBetweenThemselvesInRange() {
        BoundValueTransform narrow = cast(BIGINT, Cast.to(INTEGER));
        assertThat(narrow.apply(2147483647L)).isEqualTo(Integer.MAX_VALUE);
        assertRejected(narrow, 2147483648L, "'2147483648' is beyond the INTEGER range");
        assertRejected(narrow, Long.MIN_VALUE, "beyond the INTEGER range");
        assertThat(cast(SMALLINT, Cast.to(BIGINT)).apply((short) 5)).isEqualTo(5L);
        BoundValueTransform toDecimal = cast(INTEGER, Cast.to(DECIMAL));
        assertThat(toDecimal.output()).isEqualTo(new Column("v", DECIMAL, true, 10, 0));
        assertThat(toDecimal.apply(-7)).isEqualTo(new BigDecimal("-7"));
        assertThat(cast(BIGINT, Cast.to(DECIMAL)).output().precision()).isEqualTo(19);
        assertRejected(cast(BIGINT, Cast.toDecimal(3, 0)), 1000L, "has more digits than DECIMAL(3,0)");
    }

    @Test
    void doublesToDecimalsByTheirShortestFormAndNonFiniteRejected() {
        BoundValueTransform toDecimal = cast(DOUBLE, Cast.toDecimal(10, 2));
        assertThat(toDecimal.apply(0.1d)).isEqualTo(new BigDecimal("0.10"));
        assertThat(toDecimal.apply(12.5d)).isEqualTo(new BigDecimal("12.50"));
        assertThat(toDecimal.apply(-0.0d)).isEqualTo(new BigDecimal("0.00"));
        assertRejected(toDecimal, 0.125d, "'0.125' needs rounding to fit DECIMAL(10,2)");
        assertRejected(toDecimal, Double.NaN, "'NaN' is not a finite number, so it has no DECIMAL value");
        assertRejected(toDecimal, Double.POSITIVE_INFINITY, "'Infinity' is not a finite number");
        assertThat(cast(DOUBLE, Cast.to(DECIMAL)).apply(1.0E-5d)).isEqualTo(new BigDecimal("0.00001"));
        assertThat(cast(FLOAT, Cast.to(DECIMAL)).apply(0.1f)).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void toFloatsOnlyWhenExactAndNonFiniteKept() {
        BoundValueTransform fromLong = cast(BIGINT, Cast.to(DOUBLE));
        assertThat(fromLong.apply(9007199254740992L)).isEqualTo(9007199254740992d);
        assertRejected(fromLong, 9007199254740993L, "has no exact DOUBLE form");
        BoundValueTransform fromDecimal = cast(DECIMAL, Cast.to(DOUBLE));
        assertThat(fromDecimal.apply(new BigDecimal("0.10"))).isEqualTo(0.1d);
        assertThat(fromDecimal.apply(NonFiniteDecimal.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertRejected(fromDecimal, new BigDecimal("0.1000000000000000000001"), "has no exact DOUBLE form");
        BoundValueTransform toFloat = cast(DOUBLE, Cast.to(FLOAT));
        assertThat(toFloat.apply(0.5d)).isEqualTo(0.5f);
        assertThat(toFloat.apply(Double.NaN)).isEqualTo(Float.NaN);
        assertRejected(toFloat, 0.1d + 0.2d, "has no exact FLOAT form");
        assertRejected(toFloat, 1e300, "out of range");
        assertThat(cast(FLOAT, Cast.to(DOUBLE)).apply(0.1f)).isEqualTo(0.1d);
    }

    @Test
    void valuesToTextInCanonicalForm() {
        assertThat(cast(INTEGER, Cast.to(TEXT)).apply(-12)).isEqualTo("-12");
        assertThat(cast(DECIMAL, Cast.to(TEXT)).apply(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(cast(DECIMAL, Cast.to(TEXT)).apply(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(cast(DECIMAL, Cast.to(TEXT)).apply(NonFiniteDecimal.NAN)).isEqualTo("NaN");
        assertThat(cast(DOUBLE, Cast.to(TEXT)).apply(0.1d)).isEqualTo("0.1");
        assertThat(cast(DOUBLE, Cast.to(TEXT)).apply(1e10)).isEqualTo("1.0E10");
        assertThat(cast(BOOLEAN, Cast.to(TEXT)).apply(true)).isEqualTo("true");
        assertThat(cast(DATE, Cast.to(TEXT)).apply(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        assertThat(cast(TIME, Cast.to(TEXT)).apply(LocalTime.of(13, 45))).isEqualTo("13:45:00");
        assertThat(cast(TIMESTAMP, Cast.to(TEXT)).apply(LocalDateTime.of(2024, 1, 1, 8, 0)))
                .isEqualTo("2024-01-01T08:00:00");
        assertThat(cast(TIMESTAMP_TZ, Cast.to(TEXT)).apply(OffsetDateTime.parse("2024-01-01T08:00:00.5+01:00")))
                .isEqualTo("2024-01-01T08:00:00.5+01:00");
        assertThat(cast(UUID, Cast.to(TEXT)).apply(java.util.UUID.fromString("123E4567-E89B-12D3-A456-426614174000")))
                .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(cast(JSON, Cast.to(TEXT)).apply("{\"a\":1}")).isEqualTo("{\"a\":1}");
    }

    @Test
    void toAStringLengthRejectsLongerText() {
        BoundValueTransform toString = cast(BIGINT, new Cast(STRING, 3, 0, null, null));
        assertThat(toString.output()).isEqualTo(new Column("v", STRING, true, 3, 0));
        assertThat(toString.apply(999L)).isEqualTo("999");
        assertRejected(toString, 1000L, "'1000' has 4 characters, more than the column's 3");
        BoundValueTransform narrow = new Cast(STRING, 2, 0, null, null).bind(new Column("v", STRING, true, 10, 0));
        assertThat(narrow.apply("ab")).isEqualTo("ab");
        assertRejected(narrow, "abc", "more than the column's 2");
    }

    @Test
    void textToTemporalIsoOrPattern() {
        assertThat(Cast.to(DATE).bind(TEXT_COLUMN).apply("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertRejected(Cast.to(DATE).bind(TEXT_COLUMN), "2023-02-29", "is not a DATE in ISO 8601 form");
        assertThat(Cast.to(TIMESTAMP).bind(TEXT_COLUMN).apply("2024-01-01 08:30:15.25"))
                .isEqualTo(LocalDateTime.of(2024, 1, 1, 8, 30, 15, 250_000_000));
        assertThat(Cast.to(TIME).bind(TEXT_COLUMN).apply("23:59:59")).isEqualTo(LocalTime.of(23, 59, 59));
        assertRejected(Cast.to(TIME).bind(TEXT_COLUMN), "24:00", "is not a TIME");
        BoundValueTransform tz = Cast.to(TIMESTAMP_TZ).bind(TEXT_COLUMN);
        assertThat(tz.apply("2024-01-01T08:30:00+01")).isEqualTo(OffsetDateTime.parse("2024-01-01T08:30:00+01:00"));
        assertThat(tz.apply("2024-01-01 08:30:00Z")).isEqualTo(OffsetDateTime.parse("2024-01-01T08:30:00Z"));
        assertRejected(tz, "2024-01-01T08:30:00", "is not a TIMESTAMP_TZ");
        BoundValueTransform tzInRome = new Cast(TIMESTAMP_TZ, 0, 0, null, ROME).bind(TEXT_COLUMN);
        assertThat(tzInRome.apply("2024-07-01T08:30:00")).isEqualTo(OffsetDateTime.parse("2024-07-01T08:30:00+02:00"));
        assertThat(tzInRome.apply("2024-07-01T08:30:00Z")).isEqualTo(OffsetDateTime.parse("2024-07-01T10:30:00+02:00"));
        assertRejected(tzInRome, "2024-03-31T02:30:00", "does not exist in Europe/Rome");
        BoundValueTransform patterned = new Cast(DATE, 0, 0, "dd/MM/yyyy", null).bind(TEXT_COLUMN);
        assertThat(patterned.apply("29/02/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertRejected(patterned, "31/02/2024", "matches the pattern dd/MM/yyyy but is not a real date");
    }

    @Test
    void temporalToTextWithPatternAndZone() {
        assertThat(new Cast(TEXT, 0, 0, "dd/MM/uuuu", null).bind(Column.of("v", DATE)).apply(LocalDate.of(2024, 1, 5)))
                .isEqualTo("05/01/2024");
        assertThat(new Cast(TEXT, 0, 0, null, ROME).bind(Column.of("v", TIMESTAMP_TZ))
                .apply(OffsetDateTime.parse("2024-01-01T08:00:00Z"))).isEqualTo("2024-01-01T09:00:00+01:00");
        assertThat(new Cast(TEXT, 0, 0, "HH:mm VV", ROME).bind(Column.of("v", TIMESTAMP_TZ))
                .apply(OffsetDateTime.parse("2024-07-01T08:00:00Z"))).isEqualTo("10:00 Europe/Rome");
    }

    @Test
    void betweenTemporalTypes() {
        BoundValueTransform toTimestamp = cast(DATE, Cast.to(TIMESTAMP));
        assertThat(toTimestamp.apply(LocalDate.of(2024, 1, 1))).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(toTimestamp.apply(LocalDate.MAX)).isEqualTo(LocalDateTime.MAX);
        assertThat(toTimestamp.apply(LocalDate.MIN)).isEqualTo(LocalDateTime.MIN);
        BoundValueTransform toDate = cast(TIMESTAMP, Cast.to(DATE));
        assertThat(toDate.apply(LocalDateTime.of(2024, 1, 1, 0, 0))).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(toDate.apply(LocalDateTime.MAX)).isEqualTo(LocalDate.MAX);
        assertRejected(toDate, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1), "has a time of day, which a DATE would drop");
        BoundValueTransform toLocal = cast(TIMESTAMP_TZ, new Cast(TIMESTAMP, 0, 0, null, ROME));
        assertThat(toLocal.apply(OffsetDateTime.parse("2024-07-01T08:00:00Z"))).isEqualTo(LocalDateTime.of(2024, 7, 1, 10, 0));
        assertThat(toLocal.apply(OffsetDateTime.MAX)).isEqualTo(LocalDateTime.MAX);
        BoundValueTransform toInstant = cast(TIMESTAMP, new Cast(TIMESTAMP_TZ, 0, 0, null, ROME));
        assertThat(toInstant.apply(LocalDateTime.of(2024, 1, 1, 8, 0))).isEqualTo(OffsetDateTime.parse("2024-01-01T08:00:00+01:00"));
        assertRejected(toInstant, LocalDateTime.of(2024, 3, 31, 2, 30), "\'2024-03-31T02:30\' does not exist in Europe/Rome");
        assertRejected(toInstant, LocalDateTime.of(2024, 10, 27, 2, 30), "occurs twice in Europe/Rome (at offsets +02:00 and +01:00)");
        assertThat(toInstant.apply(LocalDateTime.MIN)).isEqualTo(OffsetDateTime.MIN);
    }

    @Test
    void zonesAreNeededBetweenLocalAndZonedTimestamps() {
        assertThatThrownBy(() -> cast(TIMESTAMP_TZ, Cast.to(TIMESTAMP))).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("cast: column v from TIMESTAMP_TZ to TIMESTAMP needs a zone, such as Europe/Rome: the zone whose"
                        + " local time it becomes");
        assertThatThrownBy(() -> cast(TIMESTAMP, Cast.to(TIMESTAMP_TZ))).isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the zone its local times are in");
    }

    @Test
    void textToUuidJsonAndText() {
        assertThat(Cast.to(ColumnType.UUID).bind(TEXT_COLUMN).apply("123E4567-E89B-12D3-A456-426614174000"))
                .isEqualTo(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertRejected(Cast.to(ColumnType.UUID).bind(TEXT_COLUMN), "123e4567e89b12d3a456426614174000", "is not a UUID");
        assertRejected(Cast.to(ColumnType.UUID).bind(TEXT_COLUMN), "1-2-3-4-5", "is not a UUID");
        assertThat(Cast.to(JSON).bind(TEXT_COLUMN).apply("[1, 2]")).isEqualTo("[1, 2]");
        assertRejected(Cast.to(JSON).bind(TEXT_COLUMN), "{a: 1}", "is not a JSON document");
        assertThat(Cast.to(TEXT).bind(Column.of("v", STRING)).output()).isEqualTo(Column.of("v", TEXT));
    }

    @Test
    void sameTypeRechecksPrecisionAndKeepsNonFiniteDecimals() {
        BoundValueTransform narrower = Cast.toDecimal(4, 1).bind(new Column("v", DECIMAL, false, 10, 2));
        assertThat(narrower.output()).isEqualTo(new Column("v", DECIMAL, false, 4, 1));
        assertThat(narrower.apply(new BigDecimal("123.40"))).isEqualTo(new BigDecimal("123.4"));
        assertRejected(narrower, new BigDecimal("123.45"), "needs rounding");
        assertThat(narrower.apply(NonFiniteDecimal.POSITIVE_INFINITY)).isEqualTo(NonFiniteDecimal.POSITIVE_INFINITY);
        assertThat(cast(BOOLEAN, Cast.to(BOOLEAN)).apply(true)).isEqualTo(true);
        Column money = new Column("v", DECIMAL, false, 10, 2);
        assertThat(Cast.to(DECIMAL).bind(money).output()).isEqualTo(money);
        assertThat(Cast.to(DECIMAL).bind(money).apply(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void unsupportedPairsAreRefusedListingTheTargets() {
        assertThatThrownBy(() -> cast(BOOLEAN, Cast.to(INTEGER))).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("cast: column v is BOOLEAN, which cannot be cast to INTEGER; BOOLEAN casts to BOOLEAN, STRING,"
                        + " TEXT");
        assertThatThrownBy(() -> cast(DATE, Cast.to(TIMESTAMP_TZ))).hasMessageContaining("DATE casts to DATE, TIMESTAMP,"
                + " STRING, TEXT");
        assertThatThrownBy(() -> cast(BINARY, Cast.to(TEXT))).hasMessageContaining("BINARY casts to nothing");
        assertThatThrownBy(() -> cast(ColumnType.UUID, Cast.to(BIGINT))).hasMessageContaining("cannot be cast to BIGINT");
        assertThatThrownBy(() -> cast(JSON, Cast.to(INTEGER))).isInstanceOf(TransformDefinitionException.class);
        assertThat(Cast.supports(TEXT, DECIMAL)).isTrue();
        assertThat(Cast.supports(DECIMAL, BOOLEAN)).isFalse();
    }

    @Test
    void patternProblemsAreNamedAsTheCasts() {
        assertThatThrownBy(() -> new Cast(TEXT, 0, 0, "HH:mm VV", null).bind(Column.of("v", TIMESTAMP_TZ)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageStartingWith("cast: pattern 'HH:mm VV' needs fields a TIMESTAMP_TZ does not have");
        assertThatThrownBy(() -> new Cast(TIMESTAMP, 0, 0, "dd/MM/uuuu", null).bind(TEXT_COLUMN))
                .hasMessageStartingWith("cast: pattern 'dd/MM/uuuu' has no time of day for a TIMESTAMP");
        assertThatThrownBy(() -> new Cast(TIMESTAMP_TZ, 0, 0, "dd/MM/uuuu HH:mm", null).bind(TEXT_COLUMN))
                .hasMessageContaining("needs a zone the local times are in");
        BoundValueTransform inRome = new Cast(TIMESTAMP_TZ, 0, 0, "dd/MM/uuuu HH:mm", ROME).bind(TEXT_COLUMN);
        assertThat(inRome.apply("01/07/2024 10:00")).isEqualTo(OffsetDateTime.parse("2024-07-01T10:00+02:00"));
    }

    @Test
    void invalidDefinitionsAreRefused() {
        assertThatThrownBy(() -> Cast.to(BINARY)).isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the target type must be one of BOOLEAN");
        assertThatThrownBy(() -> Cast.to(null)).isInstanceOf(TransformDefinitionException.class);
        assertThatThrownBy(() -> Cast.toDecimal(2, 3)).hasMessageContaining("DECIMAL(2,3) is not a type");
        assertThatThrownBy(() -> new Cast(DECIMAL, 0, 2, null, null)).hasMessageContaining("DECIMAL(0,2) is not a type");
        assertThatThrownBy(() -> new Cast(INTEGER, 5, 0, null, null)).hasMessageContaining("not to INTEGER");
        assertThatThrownBy(() -> new Cast(INTEGER, 0, 0, "dd/MM/uuuu", null))
                .hasMessageContaining("a pattern applies to casts between text and DATE");
        assertThatThrownBy(() -> new Cast(DATE, 0, 0, "dd/MM/yy", null)).hasMessageContaining("two-digit year");
        assertThatThrownBy(() -> new Cast(DATE, 0, 0, "dd/MM/uuuu{", null)).hasMessageContaining("is not a valid java.time pattern");
        assertThatThrownBy(() -> new Cast(TEXT, 0, 0, "uuuu", null).bind(Column.of("v", INTEGER)))
                .hasMessageContaining("column v is INTEGER, cast to TEXT");
    }
}

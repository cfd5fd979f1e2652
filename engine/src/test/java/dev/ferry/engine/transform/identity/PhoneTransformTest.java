package dev.ferry.engine.transform.identity;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PhoneTransform} writes valid numbers in E.164 and handles every other input by its options. */
class PhoneTransformTest {
    private static final Column PHONE = new Column("phone", ColumnType.STRING, true, 40, 0);
    private static final PhoneTransform.Options NO_REGION = PhoneTransform.Options.defaults();
    private static final PhoneTransform.Options ITALY = NO_REGION.withDefaultRegion("IT");

    private static BoundValueTransform bound(PhoneTransform.Options options) {
        return PhoneTransform.of(options).bind(PHONE);
    }

    private static RejectedValueException rejection(PhoneTransform.Options options, String value) {
        BoundValueTransform phone = bound(options);
        try {
            Object written = phone.apply(value);
            throw new AssertionError("expected a rejection of '" + value + "', got " + written);
        } catch (RejectedValueException e) {
            assertThat(e.column()).isEqualTo("phone");
            return e;
        }
    }

    @ParameterizedTest(name = "{0} in IT -> {1}")
    @CsvSource(delimiter = '|', value = {
            "333 123 4567          | +393331234567",
            "3331234567            | +393331234567",
            "+39 333 1234567       | +393331234567",
            "+393331234567         | +393331234567",
            "0039 333 1234567      | +393331234567",
            "06 1234 5678          | +390612345678",
            "+39 06 12345678       | +390612345678",
            "02 1234567            | +39021234567",
            "0039 02-1234567       | +39021234567",
            "(+39) 333-123.4567    | +393331234567",
            "333/1234567           | +393331234567",
            "'  333 1234567  '     | +393331234567",
            "+44 20 7946 0958      | +442079460958",
            "+1 (650) 253-0000     | +16502530000"})
    void italianNumbersWithRegionIt(String input, String e164) {
        assertThat(bound(ITALY).apply(input)).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0} without region -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+39 333 1234567     | +393331234567",
            "+39 06 1234 5678    | +390612345678",
            "+39 (0)6 1234 5678  | +390612345678",
            "+1 202-555-0143     | +12025550143",
            "+44 20 7946 0958    | +442079460958"})
    void internationalNumbersNeedNoRegion(String input, String e164) {
        assertThat(bound(NO_REGION).apply(input)).isEqualTo(e164);
    }

    @Test
    void nationalNumbersWithoutRegionAreRejectedClearly() {
        assertThat(rejection(NO_REGION, "333 1234567").reason()).isEqualTo(
                "'333 1234567' is not a valid phone number: it has no +country code and no default region is set");
        assertThat(rejection(NO_REGION, "06 1234 5678").reason()).contains("no +country code");
        // 00 means "international" only where it is dialled from a country that uses it.
        assertThat(rejection(NO_REGION, "0039 333 1234567").reason()).contains("no +country code");
    }

    @Test
    void usNumbersWithRegionUs() {
        BoundValueTransform us = bound(NO_REGION.withDefaultRegion("us"));
        assertThat(us.apply("(202) 555-0143")).isEqualTo("+12025550143");
        assertThat(us.apply("202.555.0143")).isEqualTo("+12025550143");
        assertThat(us.apply("1 650 253 0000")).isEqualTo("+16502530000");
        assertThat(us.apply("011 39 06 12345678")).isEqualTo("+390612345678");
        // In the US 00 is not the international prefix.
        assertThatThrownBy(() -> us.apply("0039 06 12345678")).isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("for region US");
    }

    @Test
    void parseableIsNotEnoughTheNumberMustBeValid() {
        assertThat(rejection(ITALY, "+39 12").reason())
                .isEqualTo("'+39 12' is not a valid phone number for region IT: it is too short for country code +39");
        assertThat(rejection(ITALY, "+39 333 12345678901").reason())
                .startsWith("'+39 333 12345678901' is not a valid phone number for region IT: it is too long");
        assertThat(rejection(ITALY, "12").reason()).contains("too short");
        assertThat(rejection(ITALY, "1234567890123456789012").reason()).contains("too long");
        // A US number in a range no operator has (area codes do not start with 1).
        assertThat(rejection(NO_REGION, "+1 123 456 7890").reason())
                .isEqualTo("'+1 123 456 7890' is not a valid phone number: no number of country code +1 has this form");
        assertThat(rejection(NO_REGION, "+999 1234567").reason())
                .isEqualTo("'+999 1234567' is not a valid phone number: its country code is not one that exists");
        assertThat(rejection(ITALY, "00999 1234567").reason())
                .isEqualTo("'00999 1234567' is not a valid phone number for region IT: its country code is not one that exists");
    }

    @Test
    void lettersAreNeverSkippedOrConverted() {
        assertThat(rejection(NO_REGION.withDefaultRegion("US"), "1-800-FLOWERS").reason())
                .isEqualTo("'1-800-FLOWERS' is not a valid phone number for region US: it contains 'F',"
                        + " which is not part of a phone number");
        assertThat(rejection(ITALY, "Tel. 333 1234567").reason()).contains("it contains 'T'");
        assertThat(rejection(ITALY, "333 1234567 mamma").reason()).contains("it contains 'm'");
        assertThat(rejection(ITALY, "333 1234567 a").reason()).contains("it contains 'a'");
        assertThat(rejection(ITALY, "*333 1234567").reason()).contains("it contains '*'");
        assertThat(rejection(ITALY, "333+1234567").reason()).contains("it contains '+'");
        assertThat(rejection(ITALY, "n/d").reason()).contains("it contains 'n'");
        assertThat(rejection(ITALY, "abc").reason()).isEqualTo(
                "'abc' is not a valid phone number for region IT: it contains 'a', which is not part of a phone number");
        assertThat(rejection(ITALY, "--").reason()).isEqualTo(
                "'--' is not a valid phone number for region IT: it is not a phone number");
    }

    @Test
    void extensionsAreRejectedByDefault() {
        for (String withExtension : new String[] {"+39 06 12345678 int. 21", "+39 06 12345678 ext. 21",
                "+39 06 12345678 x21", "+39 06 12345678#21", "+39 06 12345678;ext=21", "06 12345678 int 21"}) {
            assertThat(rejection(ITALY, withExtension).reason()).as(withExtension)
                    .contains("it has an extension (21), which E.164 cannot hold");
        }
    }

    @Test
    void extensionsCanBeDropped() {
        BoundValueTransform drop = bound(ITALY.withExtensions(ExtensionPolicy.DROP));
        assertThat(drop.apply("+39 06 12345678 int. 21")).isEqualTo("+390612345678");
        assertThat(drop.apply("06 12345678 x 21")).isEqualTo("+390612345678");
        assertThat(drop.apply("+1 650 253 0000 ext. 123")).isEqualTo("+16502530000");
        assertThat(drop.apply("+39 06 12345678#21#")).isEqualTo("+390612345678");
        // Letters before the marker are still not part of a number.
        assertThatThrownBy(() -> drop.apply("Tel 06 12345678 ext. 21"))
                .hasMessageContaining("it contains 'T'");
        // The main number must still be valid.
        assertThatThrownBy(() -> drop.apply("+39 12 ext. 21")).hasMessageContaining("too short");
    }

    @Test
    void invalidNumbersGetThePolicy() {
        String invalid = "+39 12";
        assertThatThrownBy(() -> bound(ITALY).apply(invalid)).isInstanceOf(RejectedValueException.class)
                .hasMessage("column phone: '+39 12' is not a valid phone number for region IT: it is too short"
                        + " for country code +39");
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.NULL)).apply(invalid)).isNull();
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).apply(invalid)).isEqualTo(invalid);

        String national = " 333 1234567 ";
        assertThat(bound(NO_REGION.withOnInvalid(InvalidValuePolicy.NULL)).apply(national)).isNull();
        assertThat(bound(NO_REGION.withOnInvalid(InvalidValuePolicy.KEEP)).apply(national)).isEqualTo(national);

        String extension = "+39 06 12345678 x21";
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.NULL)).apply(extension)).isNull();
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).apply(extension)).isEqualTo(extension);

        // Valid numbers are normalised whatever the policy.
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).apply("333 1234567")).isEqualTo("+393331234567");
    }

    @Test
    void nullStaysNullAndBlankIsInvalidUnlessToldOtherwise() {
        assertThat(bound(ITALY).apply(null)).isNull();
        assertThat(rejection(ITALY, "   ").reason()).isEqualTo(
                "'   ' is not a valid phone number for region IT: it is blank (blank values read as null only"
                        + " with the blank-as-null option)");
        assertThat(bound(ITALY.withBlankAsNull(true)).apply("")).isNull();
        assertThat(bound(ITALY.withBlankAsNull(true)).apply(" \t")).isNull();
        assertThat(bound(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).apply("")).isEqualTo("");
    }

    @Test
    void outputColumnIsAShortStringUnlessInvalidValuesAreKept() {
        Column notNull = new Column("phone", ColumnType.TEXT, false, 0, 0);
        assertThat(PhoneTransform.of(ITALY).bind(notNull).output())
                .isEqualTo(new Column("phone", ColumnType.STRING, false, 16, 0));
        assertThat(PhoneTransform.of(ITALY.withOnInvalid(InvalidValuePolicy.NULL)).bind(notNull).output())
                .isEqualTo(new Column("phone", ColumnType.STRING, true, 16, 0));
        assertThat(PhoneTransform.of(ITALY.withBlankAsNull(true)).bind(notNull).output().nullable()).isTrue();
        assertThat(PhoneTransform.of(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).bind(notNull).output())
                .isEqualTo(new Column("phone", ColumnType.STRING, false, 0, 0));
        assertThat(PhoneTransform.of(ITALY.withOnInvalid(InvalidValuePolicy.KEEP)).bind(PHONE).output())
                .isEqualTo(new Column("phone", ColumnType.STRING, true, 40, 0));
        assertThat(PhoneTransform.of(ITALY.withOnInvalid(InvalidValuePolicy.KEEP))
                .bind(new Column("phone", ColumnType.STRING, true, 10, 0)).output().precision()).isEqualTo(16);
    }

    @Test
    void onlyTextColumnsAndNonTextValuesAreRefused() {
        assertThatThrownBy(() -> PhoneTransform.of(ITALY).bind(Column.of("born", ColumnType.DATE)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("phone takes STRING or TEXT columns; column born is DATE");
        assertThatThrownBy(() -> bound(ITALY).apply(3331234567L)).isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("phone takes text; got a Long '3331234567'");
    }

    @Test
    void optionsAreValidated() {
        assertThat(ITALY.defaultRegion()).isEqualTo("IT");
        assertThat(NO_REGION.withDefaultRegion(" gb ").defaultRegion()).isEqualTo("GB");
        assertThat(PhoneTransform.Options.supportedRegions()).contains("IT", "US", "SM", "VA").doesNotContain("ZZ", "001");
        for (String bad : new String[] {"XX", "ITA", "", "ZZ", "001", "Italy"}) {
            assertThatThrownBy(() -> NO_REGION.withDefaultRegion(bad)).as(bad)
                    .isInstanceOf(TransformDefinitionException.class)
                    .hasMessageContaining("is not an ISO 3166 two-letter region with phone numbers (such as IT, US");
        }
        assertThatThrownBy(() -> NO_REGION.withOnInvalid(null)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("phone: say what an invalid number gets: one of ERROR, NULL, KEEP");
        assertThatThrownBy(() -> NO_REGION.withExtensions(null)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("phone: say what a number with an extension gets: one of REJECT, DROP");
        assertThat(PhoneTransform.of(NO_REGION).name()).isEqualTo("phone");
        assertThat(PhoneTransform.of(ITALY).options()).isEqualTo(ITALY);
    }
}

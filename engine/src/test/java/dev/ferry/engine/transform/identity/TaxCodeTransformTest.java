package dev.ferry.engine.transform.identity;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TaxCodeTransform} on synthetic codes: surname QQQ and name JJJ, which no real name gives,
 * born in Z999, a foreign-country code no country has. Check characters are computed here from the
 * published tables in another form than the transform's (each odd-position value as the index of a
 * letter in one string), and the first is worked out by hand.
 */
class TaxCodeTransformTest {
    private static final Column CF = Column.of("codice_fiscale", ColumnType.STRING);
    private static final TaxCodeTransform.Options DEFAULTS = TaxCodeTransform.Options.defaults();

    /** Letter at index v: the character (a digit d counting as the d-th letter) worth v at an odd position. */
    private static final String ODD_BY_VALUE = "BAKPLCQDREVOSFTGUHMINJWZYX";

    /** The 16-character code of {@code first15} with its check character, computed independently. */
    private static String withCheck(String first15) {
        int sum = 0;
        for (int position = 1; position <= 15; position++) {
            char c = first15.charAt(position - 1);
            char asLetter = Character.isDigit(c) ? (char) ('A' + (c - '0')) : c;
            sum += position % 2 == 1 ? ODD_BY_VALUE.indexOf(asLetter) : asLetter - 'A';
        }
        return first15 + (char) ('A' + sum % 26);
    }

    /** {@code code} with the digit positions (1-based) replaced by their omocodia letters. */
    private static String omocode(String code, int... positions) {
        char[] chars = code.substring(0, 15).toCharArray();
        for (int position : positions) {
            chars[position - 1] = "LMNPQRSTUV".charAt(chars[position - 1] - '0');
        }
        return withCheck(new String(chars));
    }

    private static BoundValueTransform bound(TaxCodeTransform.Options options) {
        return TaxCodeTransform.of(options).bind(CF);
    }

    private static String reason(TaxCodeTransform.Options options, String value) {
        try {
            Object written = bound(options).apply(value);
            throw new AssertionError("expected a rejection of '" + value + "', got " + written);
        } catch (RejectedValueException e) {
            assertThat(e.column()).isEqualTo("codice_fiscale");
            return e.reason();
        }
    }

    @Test
    void theHandComputedCheckCharacterAgreesWithBothComputations() {
        // Odd positions Q Q J 8 A 1 9 9: 6+6+21+19+1+0+21+21 = 95; even Q J J 0 0 Z 9: 16+9+9+0+0+25+9 = 68;
        // 163 mod 26 = 7: H.
        assertThat(withCheck("QQQJJJ80A01Z999")).isEqualTo("QQQJJJ80A01Z999H");
        assertThat(TaxCodeTransform.checkCharacter("QQQJJJ80A01Z999H")).isEqualTo('H');
        assertThat(bound(DEFAULTS).apply("QQQJJJ80A01Z999H")).isEqualTo("QQQJJJ80A01Z999H");
    }

    @Test
    void theTransformsTablesAgreeWithTheIndependentOnesOnEveryCharacter() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (char odd : alphabet.toCharArray()) {
            for (char even : alphabet.toCharArray()) {
                String first15 = odd + "" + even + "QJJJ80A01Z999";
                String code = withCheck(first15);
                assertThat(TaxCodeTransform.checkCharacter(code)).as(first15).isEqualTo(code.charAt(15));
            }
        }
    }

    @Test
    void validPersonalCodesAreWrittenNormalised() {
        BoundValueTransform cf = bound(DEFAULTS);
        String man = withCheck("QQQJJJ80A01Z999");
        String woman = withCheck("QQQJJJ99M71Z999");
        assertThat(cf.apply(man)).isEqualTo(man);
        assertThat(cf.apply(woman)).isEqualTo(woman);
        assertThat(cf.apply(withCheck("XXXXXX00T31Z999"))).isEqualTo(withCheck("XXXXXX00T31Z999"));
        assertThat(cf.apply(withCheck("QQQJJJ80B41Z999"))).isEqualTo(withCheck("QQQJJJ80B41Z999"));
        // Lower case and spaces, as typed into a form.
        assertThat(cf.apply(man.toLowerCase())).isEqualTo(man);
        assertThat(cf.apply(" qqq jjj 80a01 z999 " + Character.toLowerCase(man.charAt(15)) + " ")).isEqualTo(man);
        assertThat(cf.apply("QQQ\tJJJ\u00a080A01Z999" + man.charAt(15))).isEqualTo(man);
    }

    @Test
    void everyMonthLetterIsAccepted() {
        for (char month : "ABCDEHLMPRST".toCharArray()) {
            String code = withCheck("QQQJJJ80" + month + "15Z999");
            assertThat(bound(DEFAULTS).apply(code)).isEqualTo(code);
        }
    }

    @Test
    void omocodicCodesAreAcceptedAsWritten() {
        String base = withCheck("QQQJJJ80A01Z999");
        String[] variants = {
                omocode(base, 15), omocode(base, 15, 14), omocode(base, 15, 14, 13),
                omocode(base, 15, 14, 13, 11), omocode(base, 15, 14, 13, 11, 10),
                omocode(base, 15, 14, 13, 11, 10, 8), omocode(base, 7, 8, 10, 11, 13, 14, 15)};
        assertThat(variants[0]).startsWith("QQQJJJ80A01Z99V");
        assertThat(variants[6]).startsWith("QQQJJJULALMZVVV");
        for (String variant : variants) {
            assertThat(bound(DEFAULTS).apply(variant)).as(variant).isEqualTo(variant);
            assertThat(bound(DEFAULTS).apply(variant.toLowerCase())).as(variant).isEqualTo(variant);
        }
        // A woman's day 41 written as omocodia letters: Q (4) and M (1).
        String woman = omocode(withCheck("QQQJJJ85H41Z123"), 10, 11);
        assertThat(woman).startsWith("QQQJJJ85HQMZ123");
        assertThat(bound(DEFAULTS).apply(woman)).isEqualTo(woman);
        // The check character is the one of the code as written, not of the code with digits restored.
        String variant = variants[0];
        String withBaseCheck = variant.substring(0, 15) + base.charAt(15);
        if (withBaseCheck.equals(variant)) {
            throw new AssertionError("choose a base whose omocode changes the check character");
        }
        assertThat(reason(DEFAULTS, withBaseCheck)).contains("the check character is");
    }

    @Test
    void wrongCheckCharactersAreRejected() {
        String good = withCheck("QQQJJJ80A01Z999");
        char wrong = good.charAt(15) == 'A' ? 'B' : 'A';
        String bad = good.substring(0, 15) + wrong;
        assertThat(reason(DEFAULTS, bad)).isEqualTo("'" + bad + "' is not a valid codice fiscale: the check character"
                + " is '" + wrong + "', the first 15 characters give '" + good.charAt(15) + "'");
        // Two swapped characters change the check character.
        String swapped = withCheck("QQQJJJ80A01Z999").substring(0, 6) + "08A01Z999" + good.charAt(15);
        assertThat(reason(DEFAULTS, swapped)).contains("the check character is");
        // A digit where the check letter goes.
        assertThat(reason(DEFAULTS, good.substring(0, 15) + "7")).contains("character 16 is '7' where a letter belongs");
    }

    @Test
    void wrongMonthLettersAndDaysAreRejected() {
        for (char month : "FGIJKNOQUVWXYZ".toCharArray()) {
            String code = withCheck("QQQJJJ80" + month + "01Z999");
            assertThat(reason(DEFAULTS, code)).as(code).endsWith(
                    "the month letter (9th character) is '" + month + "', not one of ABCDEHLMPRST");
        }
        for (String day : new String[] {"00", "32", "40", "72", "99"}) {
            String code = withCheck("QQQJJJ80A" + day + "Z999");
            assertThat(reason(DEFAULTS, code)).as(code).endsWith("the day (10th and 11th characters) is "
                    + Integer.parseInt(day) + ", not 1 to 31 or 41 to 71");
        }
        // Day 72 written in omocodia letters (T = 7, N = 2) is still day 72.
        assertThat(reason(DEFAULTS, withCheck("QQQJJJ80ATNZ999"))).contains("is 72, not 1 to 31 or 41 to 71");
    }

    @Test
    void charactersOutOfPlaceAreRejected() {
        assertThat(reason(DEFAULTS, withCheck("QQ1JJJ80A01Z999"))).contains("character 3 is '1' where a letter belongs");
        assertThat(reason(DEFAULTS, withCheck("QQQJJJ8AA01Z999")))
                .contains("character 8 is 'A' where a digit (or one of LMNPQRSTUV) belongs");
        assertThat(reason(DEFAULTS, withCheck("QQQJJJ80A01999Z"))).contains("character 12 is '9' where a letter belongs");
        assertThat(reason(DEFAULTS, "QQQJJJ80A01Z999-")).contains("character 16 is '-' where a letter belongs");
        assertThat(reason(DEFAULTS, "QQQ-JJJ-80A01-Z999H")).contains("it has 19 characters where a codice fiscale has 16");
        assertThat(reason(DEFAULTS, "QQQJJJ80A01Z999")).isEqualTo(
                "'QQQJJJ80A01Z999' is not a valid codice fiscale: it has 15 characters where a codice fiscale has 16");
        assertThat(reason(DEFAULTS, "QQQJJJ80A01Z999ÀH")).contains("it has 17 characters");
        assertThat(reason(DEFAULTS, "ÀQQJJJ80A01Z999H")).contains("character 1 is 'À' where a letter belongs");
    }

    @Test
    void numericCodesOnlyWhenAccepted() {
        // Odd positions 1+3+5+7+9 = 25; even 2 4 6 8 0 doubled, less 9 over 9: 4+8+3+7+0 = 22; 47: check 3.
        assertThat(TaxCodeTransform.numericCheckDigit("12345678903")).isEqualTo(3);
        TaxCodeTransform.Options numeric = DEFAULTS.withAcceptNumeric(true);
        assertThat(bound(numeric).apply("12345678903")).isEqualTo("12345678903");
        assertThat(bound(numeric).apply(" 123 456 789 03 ")).isEqualTo("12345678903");
        assertThat(bound(numeric).apply("00000000000")).isEqualTo("00000000000");
        assertThat(reason(numeric, "12345678901")).isEqualTo(
                "'12345678901' is not a valid codice fiscale: its check digit is 1, the first 10 digits give 3");
        assertThat(reason(numeric, "1234567890A")).contains("it has 11 characters where a codice fiscale has 16 (or 11 digits)");
        assertThat(reason(DEFAULTS, "12345678903")).isEqualTo(
                "'12345678903' is not a valid codice fiscale: it has 11 characters where a codice fiscale has 16");
        // Personal codes are still accepted.
        assertThat(bound(numeric).apply(withCheck("QQQJJJ80A01Z999"))).isEqualTo(withCheck("QQQJJJ80A01Z999"));
        // Every single-digit change is caught.
        for (int position = 0; position < 10; position++) {
            for (char digit = '0'; digit <= '9'; digit++) {
                String changed = "12345678903".substring(0, position) + digit + "12345678903".substring(position + 1);
                if (!changed.equals("12345678903")) {
                    assertThat(TaxCodeTransform.numericCheckDigit(changed)).as(changed).isNotEqualTo(3);
                }
            }
        }
    }

    @Test
    void invalidCodesGetThePolicy() {
        String bad = "qqqjjj80a01z999a";
        assertThatThrownBy(() -> bound(DEFAULTS).apply(bad)).isInstanceOf(RejectedValueException.class)
                .hasMessage("column codice_fiscale: 'qqqjjj80a01z999a' is not a valid codice fiscale: the check"
                        + " character is 'A', the first 15 characters give 'H'");
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.NULL)).apply(bad)).isNull();
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP)).apply(bad)).isEqualTo(bad);
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP)).apply("qqqjjj80a01z999h"))
                .isEqualTo("QQQJJJ80A01Z999H");
    }

    @Test
    void nullAndBlank() {
        assertThat(bound(DEFAULTS).apply(null)).isNull();
        assertThat(reason(DEFAULTS, "")).isEqualTo("'' is not a valid codice fiscale: it is blank (blank values read"
                + " as null only with the blank-as-null option)");
        assertThat(bound(DEFAULTS.withBlankAsNull(true)).apply("  ")).isNull();
    }

    @Test
    void bindingAndOptions() {
        assertThat(TaxCodeTransform.of(DEFAULTS).bind(new Column("cf", ColumnType.TEXT, false, 0, 0)).output())
                .isEqualTo(new Column("cf", ColumnType.STRING, false, 16, 0));
        assertThat(TaxCodeTransform.of(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP))
                .bind(new Column("cf", ColumnType.STRING, false, 20, 0)).output())
                .isEqualTo(new Column("cf", ColumnType.STRING, false, 20, 0));
        assertThatThrownBy(() -> TaxCodeTransform.of(DEFAULTS).bind(Column.of("cf", ColumnType.INTEGER)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("tax_code takes STRING or TEXT columns; column cf is INTEGER");
        assertThatThrownBy(() -> DEFAULTS.withOnInvalid(null)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("tax_code: say what an invalid code gets: one of ERROR, NULL, KEEP");
        assertThat(TaxCodeTransform.of(DEFAULTS).name()).isEqualTo("tax_code");
        assertThat(DEFAULTS).isEqualTo(new TaxCodeTransform.Options(InvalidValuePolicy.ERROR, false, false));
    }
}

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

/** {@link EmailTransform} normalises the addresses mail systems exchange and names what is wrong with the rest. */
class EmailTransformTest {
    private static final Column EMAIL = new Column("email", ColumnType.STRING, true, 320, 0);
    private static final EmailTransform.Options DEFAULTS = EmailTransform.Options.defaults();

    private static BoundValueTransform bound(EmailTransform.Options options) {
        return EmailTransform.of(options).bind(EMAIL);
    }

    private static String reason(String value) {
        try {
            Object written = bound(DEFAULTS).apply(value);
            throw new AssertionError("expected a rejection of '" + value + "', got " + written);
        } catch (RejectedValueException e) {
            assertThat(e.column()).isEqualTo("email");
            return e.reason();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "mario.rossi@example.it                 | mario.rossi@example.it",
            "'  Mario.Rossi@Example.IT  '           | Mario.Rossi@example.it",
            "a@b.co                                 | a@b.co",
            "first.last+tag@mail.example.com        | first.last+tag@mail.example.com",
            "o'brien@example.ie                     | o'brien@example.ie",
            "user@sub-domain.example-1.com          | user@sub-domain.example-1.com",
            "user@123.example                       | user@123.example",
            "user@xn--bcher-kva.de                  | user@xn--bcher-kva.de",
            "user@bücher.de                         | user@xn--bcher-kva.de",
            "user@BÜCHER.DE                         | user@xn--bcher-kva.de",
            "info@città.it                          | info@xn--citt-3na.it",
            "info@例え.テスト                        | info@xn--r8jz45g.xn--zckzah"})
    void validAddressesAreNormalised(String input, String normalised) {
        assertThat(bound(DEFAULTS).apply(input)).isEqualTo(normalised);
    }

    @Test
    void everySpecialCharacterOfADotAtomIsAllowed() {
        String local = "x!#$%&'*+-/=?^_`{|}~.y";
        assertThat(bound(DEFAULTS).apply(local + "@Example.org")).isEqualTo(local + "@example.org");
    }

    @Test
    void theLocalPartIsLowerCasedOnlyWhenAsked() {
        assertThat(bound(DEFAULTS).apply("Mario.Rossi@EXAMPLE.it")).isEqualTo("Mario.Rossi@example.it");
        assertThat(bound(DEFAULTS.withLowerCaseLocalPart(true)).apply("Mario.Rossi@EXAMPLE.it"))
                .isEqualTo("mario.rossi@example.it");
    }

    @Test
    void theAtSignIsCheckedFirst() {
        assertThat(reason("mario.rossi.example.it"))
                .isEqualTo("'mario.rossi.example.it' is not a valid e-mail address: it has no @");
        assertThat(reason("a@b@example.it")).endsWith("it has more than one @");
        assertThat(reason("\"a@b\"@example.it")).endsWith("it has more than one @");
        assertThat(reason("@example.it")).endsWith("nothing comes before the @");
        assertThat(reason("mario@")).endsWith("nothing comes after the @");
    }

    @Test
    void localPartRules() {
        assertThat(reason(".mario@example.it")).endsWith("the part before the @ starts or ends with a dot, or has two in a row");
        assertThat(reason("mario.@example.it")).contains("starts or ends with a dot");
        assertThat(reason("mario..rossi@example.it")).contains("has two in a row");
        assertThat(reason("mario rossi@example.it")).endsWith("the part before the @ contains white space or a control"
                + " character (U+0020), which is not allowed there (letters a-z, digits, dots and !#$%&'*+-/=?^_`{|}~ are)");
        assertThat(reason("\"mario rossi\"@example.it")).contains("the part before the @ contains '\"'");
        assertThat(reason("mario,rossi@example.it")).contains("contains ','");
        assertThat(reason("mario(x)@example.it")).contains("contains '('");
        assertThat(reason("jürgen@example.de")).contains("contains 'ü'");
        assertThat(reason("a".repeat(65) + "@example.it")).endsWith("the part before the @ has 65 characters, more than 64");
        assertThat(bound(DEFAULTS).apply("a".repeat(64) + "@example.it")).isEqualTo("a".repeat(64) + "@example.it");
    }

    @Test
    void domainRules() {
        assertThat(reason("mario@localhost")).endsWith(
                "the domain 'localhost' has no dot (a top-level domain alone does not receive mail)");
        assertThat(reason("mario@example.it.")).endsWith("the domain starts or ends with a dot, or has two in a row");
        assertThat(reason("mario@.example.it")).contains("is not a valid e-mail address: the domain");
        assertThat(reason("mario@example..it")).contains("is not a valid e-mail address: the domain");
        assertThat(reason("mario@-example.it")).contains("is not a valid e-mail address: the domain");
        assertThat(reason("mario@example-.it")).contains("is not a valid e-mail address: the domain");
        assertThat(reason("mario@exa_mple.it")).contains("is not a valid e-mail address: the domain");
        assertThat(reason("mario@exa mple.it")).endsWith("the domain contains white space or a control character (U+0020)");
        assertThat(reason("mario@[192.0.2.1]")).endsWith("address literals such as [192.0.2.1] are not accepted after the @");
        assertThat(reason("mario@192.0.2.1")).endsWith("the domain ends with an all-digit label (1)");
        assertThat(reason("mario@" + "a".repeat(64) + ".it")).contains("is not a valid e-mail address: the domain");
        assertThat(bound(DEFAULTS).apply("mario@" + "a".repeat(63) + ".it")).isEqualTo("mario@" + "a".repeat(63) + ".it");
    }

    @Test
    void aDomainIdnaWouldTurnIntoAnotherIsRefused() {
        assertThat(reason("info@straße.de")).isEqualTo("'info@straße.de' is not a valid e-mail address: the domain"
                + " would change to another one in IDNA 2003, which maps some characters to others ('strasse.de');"
                + " write it in its ASCII form (xn--...)");
        assertThat(reason("info@exam\u00ADple.com")).contains("the domain would change to another one");
        assertThat(reason("info@ｅｘａｍｐｌｅ.com")).contains("the domain would change to another one");
        assertThat(bound(DEFAULTS).apply("info@xn--strae-oqa.de")).isEqualTo("info@xn--strae-oqa.de");
        assertThat(bound(DEFAULTS).apply("info@例え。テスト")).isEqualTo("info@xn--r8jz45g.xn--zckzah");
        assertThat(bound(DEFAULTS).apply("info@Città.IT")).isEqualTo("info@xn--citt-3na.it");
    }

    @Test
    void theWholeAddressHasAtMost254Characters() {
        String domain = ("a".repeat(63) + ".").repeat(2) + "b".repeat(63) + ".it"; // 3 * 64 + 2 = 194
        String local = "c".repeat(59);
        assertThat((String) bound(DEFAULTS).apply(local + "@" + domain)).hasSize(254);
        assertThat(reason(local + "c@" + domain)).endsWith("it has 255 characters, more than 254");
        String longValue = "x".repeat(300);
        assertThat(reason(longValue)).startsWith("'" + "x".repeat(60) + "...' (300 characters) is not a valid e-mail");
    }

    @Test
    void invalidAddressesGetThePolicy() {
        String bad = " mario@localhost ";
        assertThatThrownBy(() -> bound(DEFAULTS).apply(bad)).isInstanceOf(RejectedValueException.class)
                .hasMessage("column email: ' mario@localhost ' is not a valid e-mail address: the domain 'localhost'"
                        + " has no dot (a top-level domain alone does not receive mail)");
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.NULL)).apply(bad)).isNull();
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP)).apply(bad)).isEqualTo(bad);
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP)).apply(" A@B.IT ")).isEqualTo("A@b.it");
    }

    @Test
    void nullAndBlank() {
        assertThat(bound(DEFAULTS).apply(null)).isNull();
        assertThat(reason(" ")).isEqualTo("' ' is not a valid e-mail address: it is blank (blank values read as null only"
                + " with the blank-as-null option)");
        assertThat(bound(DEFAULTS.withBlankAsNull(true)).apply("")).isNull();
        assertThat(bound(DEFAULTS.withOnInvalid(InvalidValuePolicy.NULL)).apply("")).isNull();
    }

    @Test
    void bindingAndOptions() {
        assertThat(EmailTransform.of(DEFAULTS).bind(new Column("email", ColumnType.TEXT, false, 0, 0)).output())
                .isEqualTo(new Column("email", ColumnType.STRING, false, 254, 0));
        assertThat(EmailTransform.of(DEFAULTS.withOnInvalid(InvalidValuePolicy.KEEP)).bind(EMAIL).output())
                .isEqualTo(new Column("email", ColumnType.STRING, true, 320, 0));
        assertThatThrownBy(() -> EmailTransform.of(DEFAULTS).bind(Column.of("email", ColumnType.JSON)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("email takes STRING or TEXT columns; column email is JSON");
        assertThatThrownBy(() -> DEFAULTS.withOnInvalid(null)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("email: say what an invalid address gets: one of ERROR, NULL, KEEP");
        assertThat(EmailTransform.of(DEFAULTS).name()).isEqualTo("email");
    }
}

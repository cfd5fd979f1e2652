package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trim, upper and lower case, truncate: on text only, exact, and rejecting what would not fit. */
class TextTransformsTest {
    private static final Column NAME = new Column("name", ColumnType.STRING, true, 10, 0);
    private static final Column NOTES = Column.of("notes", ColumnType.TEXT);

    @Test
    void trimStripsUnicodeWhiteSpaceAtBothEndsOnly() {
        BoundValueTransform trim = Trim.ends().bind(NOTES);
        assertThat(trim.apply("  a  b \t\n")).isEqualTo("a  b");
        assertThat(trim.apply("\u00a0\u2007caf\u00e9\u202f\u3000")).isEqualTo("caf\u00e9");
        assertThat(trim.apply(" \t ")).isEqualTo("");
        assertThat(trim.apply("")).isEqualTo("");
        assertThat(trim.apply("x")).isEqualTo("x");
        assertThat(trim.apply(null)).isNull();
        assertThat(trim.output()).isEqualTo(NOTES);
    }

    @Test
    void trimCollapsesInnerRunsIntoOneSpaceWhenAsked() {
        BoundValueTransform trim = Trim.endsAndInnerRuns().bind(NAME);
        assertThat(trim.apply("  Mario \t\u00a0 Rossi \n")).isEqualTo("Mario Rossi");
        assertThat(trim.apply("a\r\nb")).isEqualTo("a b");
        assertThat(trim.apply("\ud83d\ude00  \ud83d\ude00")).isEqualTo("\ud83d\ude00 \ud83d\ude00");
        assertThat(trim.apply("   ")).isEqualTo("");
        assertThat(trim.output()).isEqualTo(NAME);
    }

    @Test
    void textTransformsRefuseOtherTypesNamingTheAllowedOnes() {
        Column amount = Column.of("amount", ColumnType.DECIMAL);
        for (var transform : new dev.ferry.engine.transform.ValueTransform[] {Trim.ends(), new UpperCase(),
                new LowerCase(), new Truncate(3)}) {
            assertThatThrownBy(() -> transform.bind(amount)).isInstanceOf(TransformDefinitionException.class)
                    .hasMessage(transform.name() + " takes columns of type STRING, TEXT; column amount is DECIMAL");
        }
        assertThatThrownBy(() -> Trim.ends().bind(Column.of("doc", ColumnType.JSON)))
                .hasMessageContaining("column doc is JSON");
    }

    @Test
    void caseChangesUseTheRootLocale() {
        BoundValueTransform upper = new UpperCase().bind(NOTES);
        BoundValueTransform lower = new LowerCase().bind(NOTES);
        assertThat(upper.apply("closedwon istanbul")).isEqualTo("CLOSEDWON ISTANBUL");
        assertThat(lower.apply("CLOSEDWON ISTANBUL")).isEqualTo("closedwon istanbul");
        assertThat(upper.apply("stra\u00dfe")).isEqualTo("STRASSE");
        assertThat(upper.apply(null)).isNull();
        assertThat(lower.apply(null)).isNull();
        assertThat(upper.output()).isEqualTo(NOTES);
    }

    @Test
    void caseChangeThatGrowsPastTheColumnLengthIsRejected() {
        Column code = new Column("code", ColumnType.STRING, false, 6, 0);
        BoundValueTransform upper = new UpperCase().bind(code);
        assertThat(upper.apply("abcdef")).isEqualTo("ABCDEF");
        assertThatThrownBy(() -> upper.apply("stra\u00dfe"))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("code");
                    assertThat(e.reason()).isEqualTo("'stra\u00dfe' in upper case is 'STRASSE', 7 characters, more than the"
                            + " column's 6");
                });
        BoundValueTransform lower = new LowerCase().bind(new Column("c", ColumnType.STRING, true, 1, 0));
        assertThatThrownBy(() -> lower.apply("\u0130")).isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("in lower case");
    }

    @Test
    void truncateCutsToCodePointsAndNarrowsTheColumn() {
        BoundValueTransform truncate = new Truncate(5).bind(NOTES);
        assertThat(truncate.output()).isEqualTo(new Column("notes", ColumnType.STRING, true, 5, 0));
        assertThat(truncate.apply("abcdefgh")).isEqualTo("abcde");
        assertThat(truncate.apply("abcde")).isEqualTo("abcde");
        assertThat(truncate.apply("ab")).isEqualTo("ab");
        assertThat(truncate.apply("")).isEqualTo("");
        assertThat(truncate.apply(null)).isNull();
        // five code points, ten UTF-16 units: not cut
        assertThat(truncate.apply("\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00"))
                .isEqualTo("\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00");
        assertThat(truncate.apply("\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00x"))
                .isEqualTo("\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00");
    }

    @Test
    void truncateNeverSplitsWhatReadsAsOneCharacter() {
        BoundValueTransform truncate = new Truncate(4).bind(NOTES);
        // "cafe" + combining acute: cutting after 4 code points would drop the accent and leave "cafe"
        assertThat(truncate.apply("cafe\u0301s")).isEqualTo("caf");
        // a flag is two code points
        assertThat(truncate.apply("abc\ud83c\uddee\ud83c\uddf9")).isEqualTo("abc");
        assertThat(new Truncate(1).bind(NOTES).apply("\ud83c\uddee\ud83c\uddf9")).isEqualTo("");
    }

    @Test
    void truncateKeepsASmallerInputLengthAndItsNullability() {
        Column narrow = new Column("code", ColumnType.STRING, false, 3, 0);
        assertThat(new Truncate(10).bind(narrow).output()).isEqualTo(new Column("code", ColumnType.STRING, false, 3, 0));
        Column unbounded = new Column("code", ColumnType.STRING, false, 0, 0);
        assertThat(new Truncate(10).bind(unbounded).output()).isEqualTo(new Column("code", ColumnType.STRING, false, 10, 0));
    }

    @Test
    void truncateNeedsAPositiveLength() {
        assertThatThrownBy(() -> new Truncate(0)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("truncate: max length must be at least 1, not 0");
        assertThatThrownBy(() -> new Truncate(-4)).isInstanceOf(TransformDefinitionException.class);
    }
}

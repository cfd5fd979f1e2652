package dev.ferry.engine.transform.identity;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remembered checks: a repeated value is checked once, and the memory stays within its bounds. */
class CheckMemoTest {

    @Test
    void keepsTheFirstResultsUntilFullInEntriesOrCharacters() {
        CheckMemo byEntries = new CheckMemo(2, 1_000);
        byEntries.remember("a", Check.valid("A"));
        byEntries.remember("b", Check.invalid("b is not valid"));
        byEntries.remember("c", Check.valid("C"));
        assertThat(byEntries.get("a")).isEqualTo(Check.valid("A"));
        assertThat(byEntries.get("b")).isEqualTo(Check.invalid("b is not valid"));
        assertThat(byEntries.get("c")).as("full: not remembered, and nothing evicted").isNull();

        CheckMemo byChars = new CheckMemo(100, 10);
        byChars.remember("abcd", Check.valid("ABCD"));
        byChars.remember("efgh", Check.valid("EFGH"));
        assertThat(byChars.size()).as("8 characters fit, 16 would not").isEqualTo(1);
    }

    @Test
    void aPhoneRepeatedOnManyRowsIsParsedOnceAndGivesTheSameResultEachTime() {
        CountingPhones phones = new CountingPhones();
        BoundValueTransform bound = phones.bind(Column.of("telefono", ColumnType.STRING));

        for (int row = 0; row < 1_000; row++) {
            assertThat(bound.apply("347 123 4567")).isEqualTo("+393471234567");
            assertThat(bound.apply("+44 20 7946 0018")).isEqualTo("+442079460018");
            assertThatThrownBy(() -> bound.apply("12345")).isInstanceOf(RejectedValueException.class)
                    .hasMessageContaining("telefono").hasMessageContaining("'12345' is not a valid phone number");
        }

        assertThat(phones.checks).isEqualTo(3);
    }

    /** The phone transform of region IT, counting the checks it really makes. */
    private static final class CountingPhones extends TextCheckTransform {
        private final PhoneTransform phones = PhoneTransform.of(PhoneTransform.Options.defaults().withDefaultRegion("IT"));
        private int checks;

        CountingPhones() {
            super(InvalidValuePolicy.ERROR, false);
        }

        @Override
        public String name() {
            return "phone";
        }

        @Override
        int maxLength() {
            return phones.maxLength();
        }

        @Override
        Check check(String text) {
            checks++;
            return phones.check(text);
        }

        @Override
        String reason(String text, String problem) {
            return phones.reason(text, problem);
        }

        @Override
        int rememberedChecks() {
            return phones.rememberedChecks();
        }
    }
}

package dev.ferry.engine.config.loader;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigSuggestionsTest {

    private static final List<String> KEYS = List.of("name", "table", "cursor", "columns", "sync", "write");

    @Test
    void suggestsTheOnlyCloseWord() {
        assertThat(Suggestions.closest("cursr", KEYS)).contains("cursor");
        assertThat(Suggestions.closest("tabel", KEYS)).contains("table");
        assertThat(Suggestions.closest("COLUMNS", KEYS)).contains("columns");
        assertThat(Suggestions.closest("wirte", KEYS)).contains("write");
    }

    @Test
    void suggestsNothingWhenNoWordIsClose() {
        assertThat(Suggestions.closest("schedule", KEYS)).isEmpty();
        assertThat(Suggestions.closest("xyz", KEYS)).isEmpty();
    }

    @Test
    void suggestsNothingWhenTwoWordsAreEquallyClose() {
        assertThat(Suggestions.closest("ab", List.of("abc", "abd"))).isEmpty();
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertThat(Suggestions.distance("cusror", "cursor")).isEqualTo(1);
        assertThat(Suggestions.distance("sync", "sink")).isEqualTo(2);
        assertThat(Suggestions.distance("", "key")).isEqualTo(3);
    }
}

package dev.ferry.connectors.jdbc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Piece by piece, a text encodes exactly as String.getBytes would: pairs across pieces and unpaired halves included. */
class Utf8Test {

    @Test
    void encodesAsTheWholeText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(switch (i % 9) {
                case 0 -> "\uD83C\uDFA4";
                case 1 -> "中";
                case 2 -> "é";
                case 3 -> "\uD800";
                case 4 -> "\uDC00x";
                default -> "a";
            });
        }
        // a pair whose halves fall on the first piece's edge
        text.insert(Utf8.PIECE_CHARS - 1, "\uD83D\uDE00");

        assertThat(Utf8.encode(text.toString())).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.encode("")).isEmpty();
    }
}

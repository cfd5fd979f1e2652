package dev.ferry.connectors.jdbc.mariadb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Read 4,096 characters at a time and encoded read by read, as the driver does, a text encodes as a whole. */
class TextPiecesTest {

    @Test
    void readsNeverEndBetweenTheHalvesOfASurrogatePair() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i % 7 == 0 ? "\uD83C\uDFA4" : i % 5 == 0 ? "é" : "a");
        }
        TextPieces reader = new TextPieces(text.toString());
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        char[] buffer = new char[4096];
        int reads = 0;
        for (int length; (length = reader.read(buffer, 0, buffer.length)) >= 0; reads++) {
            assertThat(Character.isHighSurrogate(buffer[length - 1])).isFalse();
            encoded.writeBytes(new String(buffer, 0, length).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(reads).isGreaterThan(5);
        assertThat(encoded.toByteArray()).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}

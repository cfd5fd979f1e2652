package dev.ferry.engine.run;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Row keys never collide across different keys; content hashes see every difference. */
class RowHasherTest {
    private final RowHasher hasher = new RowHasher(new int[] {0, 1});

    @Test
    void differentKeysNeverShareText() {
        assertThat(hasher.rowKey(new Object[] {"a:1", "b"})).isNotEqualTo(hasher.rowKey(new Object[] {"a", "1:b"}));
        assertThat(hasher.rowKey(new Object[] {null, "x"})).isNotEqualTo(hasher.rowKey(new Object[] {"", "x"}));
        assertThat(hasher.rowKey(new Object[] {new BigDecimal("50"), 1L}))
                .isNotEqualTo(hasher.rowKey(new Object[] {new BigDecimal("5"), 1L}));
        assertThat(hasher.rowKey(new Object[] {7, 1L})).isEqualTo(hasher.rowKey(new Object[] {7L, 1}));
    }

    @Test
    void contentHashesSeeEveryDifference() {
        byte[] scaled = hasher.contentHash(new Object[] {new BigDecimal("5.00"), 1L});
        byte[] plain = hasher.contentHash(new Object[] {new BigDecimal("5"), 1L});
        byte[] nullValue = hasher.contentHash(new Object[] {null, 1L});
        byte[] emptyText = hasher.contentHash(new Object[] {"", 1L});
        assertThat(scaled).isNotEqualTo(plain).hasSize(RowHasher.HASH_BYTES);
        assertThat(nullValue).isNotEqualTo(emptyText);
    }

    /** A text hashed piece by piece hashes as it always did whole, so stored hashes stay valid. */
    @Test
    void largeTextsHashAsTheirWholeUtf8() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 3_000_000) {
            text.append("ascii and é and 中 and \uD83C\uDFA4 ");
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(new byte[] {1, (byte) (utf8.length >>> 24), (byte) (utf8.length >>> 16), (byte) (utf8.length >>> 8),
                (byte) utf8.length});
        expected.update(utf8);
        expected.update((byte) 0);

        assertThat(hasher.contentHash(new Object[] {text.toString(), null}))
                .isEqualTo(Arrays.copyOf(expected.digest(), RowHasher.HASH_BYTES));
    }

    /** The layout hash mode has stored since it began, so stored hashes stay valid: changing it would rewrite every row once. */
    @Test
    void contentHashIsTheSha256OfEachValueFlaggedAndLengthPrefixed() throws Exception {
        Object[] row = {7L, null, "é", new BigDecimal("1.50"), new byte[] {1, 2}, "x".repeat(300)};
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        for (byte[] bytes : new byte[][] {"7".getBytes(), null, "é".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "1.50".getBytes(), new byte[] {1, 2}, "x".repeat(300).getBytes()}) {
            if (bytes == null) {
                digest.update((byte) 0);
                continue;
            }
            digest.update((byte) 1);
            digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        byte[] expected = java.util.Arrays.copyOf(digest.digest(), RowHasher.HASH_BYTES);

        RowHasher hasher = new RowHasher(new int[] {0});
        assertThat(hasher.contentHash(row)).containsExactly(expected);
        assertThat(hasher.contentHash(row)).as("the same again, with the buffer reused").containsExactly(expected);
    }
}

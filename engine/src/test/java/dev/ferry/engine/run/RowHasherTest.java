package dev.ferry.engine.run;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

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

package dev.ferry.engine.run;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Row keys: equal keys give equal text whatever engine they came from; different keys never collide. */
class RowHasherTest {
    private final RowHasher hasher = new RowHasher(new int[] {0, 1});

    @Test
    void keysEqualAsValuesGiveTheSameText() {
        assertThat(hasher.rowKey(new Object[] {new BigDecimal("5.00"), 1L}))
                .isEqualTo(hasher.rowKey(new Object[] {new BigDecimal("5"), 1L}));
        assertThat(hasher.rowKey(new Object[] {BigDecimal.ZERO.setScale(3), 1L}))
                .isEqualTo(hasher.rowKey(new Object[] {BigDecimal.ZERO, 1L}));
        OffsetDateTime india = OffsetDateTime.of(2024, 1, 15, 12, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(hasher.rowKey(new Object[] {india, 1}))
                .isEqualTo(hasher.rowKey(new Object[] {india.withOffsetSameInstant(ZoneOffset.UTC), 1L}));
    }

    @Test
    void differentKeysNeverShareText() {
        assertThat(hasher.rowKey(new Object[] {"a:1", "b"})).isNotEqualTo(hasher.rowKey(new Object[] {"a", "1:b"}));
        assertThat(hasher.rowKey(new Object[] {null, "x"})).isNotEqualTo(hasher.rowKey(new Object[] {"", "x"}));
        assertThat(hasher.rowKey(new Object[] {new BigDecimal("50"), 1L}))
                .isNotEqualTo(hasher.rowKey(new Object[] {new BigDecimal("5"), 1L}));
    }

    @Test
    void contentHashesStillSeeEveryDifference() {
        byte[] scaled = hasher.contentHash(new Object[] {new BigDecimal("5.00"), 1L});
        byte[] plain = hasher.contentHash(new Object[] {new BigDecimal("5"), 1L});
        assertThat(scaled).isNotEqualTo(plain).hasSize(RowHasher.HASH_BYTES);
    }
}

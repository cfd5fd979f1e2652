package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Multi-row INSERTs cut to the server's max_allowed_packet, and rows that cannot fit refused by name. */
class PacketLimitTest {
    private static final StreamSchema SCHEMA = new StreamSchema("docs", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0), new Column("title", ColumnType.TEXT, true, 0, 0),
            new Column("body", ColumnType.BINARY, true, 0, 0)), List.of("id"));
    private static final PacketLimit.StatementBytes SQL = new PacketLimit.StatementBytes(200, 10);

    @Test
    void statementsTakeOnlyTheRowsThatFit() {
        PacketLimit limit = new PacketLimit(100_000);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 10; id++) {
            rows.add(new Object[] {id, "t", new byte[20_000]});
        }

        // each row: at most 2 bytes per byte of body, so 40,000 and a little: two per statement
        assertThat(limit.rowsThatFit(rows, 0, 1_000, SQL, "docs", SCHEMA)).isEqualTo(2);
        assertThat(limit.rowsThatFit(rows, 8, 1_000, SQL, "docs", SCHEMA)).isEqualTo(2);
        assertThat(limit.rowsThatFit(rows, 9, 1_000, SQL, "docs", SCHEMA)).isEqualTo(1);
    }

    @Test
    void theRowLimitStillApplies() {
        PacketLimit limit = new PacketLimit(16L * 1024 * 1024);
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            rows.add(new Object[] {id, "t", null});
        }

        assertThat(limit.rowsThatFit(rows, 0, 20, SQL, "docs", SCHEMA)).isEqualTo(20);
    }

    /** A value whose bound (3 bytes a character) is over the limit but whose text is not goes alone. */
    @Test
    void aRowOverTheRoughBoundIsMeasuredExactlyBeforeItIsRefused() {
        PacketLimit limit = new PacketLimit(100_000);
        List<Object[]> rows = List.of(new Object[] {1L, "a".repeat(90_000), null}, new Object[] {2L, "b".repeat(9_000), null});

        assertThat(limit.rowsThatFit(rows, 0, 1_000, SQL, "docs", SCHEMA)).isEqualTo(1);
    }

    @Test
    void aRowThatCannotFitAloneIsRefusedWithTheLimitTableColumnAndKey() {
        PacketLimit limit = new PacketLimit(100_000);
        List<Object[]> rows = List.<Object[]>of(new Object[] {7L, "small", new byte[120_000]});

        assertThatThrownBy(() -> limit.rowsThatFit(rows, 0, 1_000, SQL, "docs", SCHEMA))
                .isInstanceOf(RejectedValueException.class)
                .satisfies(e -> {
                    RejectedValueException rejected = (RejectedValueException) e;
                    assertThat(rejected.table()).isEqualTo("docs");
                    assertThat(rejected.column()).isEqualTo("body");
                    assertThat(rejected.key()).isEqualTo("id=7");
                    assertThat(rejected.isRetriable()).isFalse();
                })
                .hasMessageContaining("max_allowed_packet of 100000 bytes")
                .hasMessageContaining("SET GLOBAL max_allowed_packet = 1048576")
                .hasMessageContaining("write: overwrite");
    }

    @Test
    void escapesAndMultiByteCharactersAreCounted() {
        assertThat(PacketLimit.exactly("abc")).isEqualTo(5);
        assertThat(PacketLimit.exactly("it's \"q\" \\ \0")).isEqualTo(2 + 12 + 5);
        assertThat(PacketLimit.exactly("é中\uD83C\uDFA4")).isEqualTo(2 + 2 + 3 + 4);
        assertThat(PacketLimit.exactly(new byte[] {0, '\'', 'a', '"', '\\'})).isEqualTo(10 + 5 + 4);
        assertThat(PacketLimit.exactly(null)).isEqualTo(4);
    }
}

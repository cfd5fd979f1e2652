package dev.ferry.engine.transform.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The expected digests were computed outside Java, from the byte layout documented on
 * {@link ContentHash}, so they pin the encoding itself: a change to it fails here.
 */
class ContentHashTest {

    private static StreamSchema schema(Column... columns) {
        return new StreamSchema("t", List.of(columns), List.of());
    }

    private static String hash(StreamSchema schema, List<String> chosen, Object... row) {
        Object[] out = ContentHash.of("row_hash", chosen).bind(schema).apply(row);
        return (String) out[out.length - 1];
    }

    @Test
    void addsANonNullHexColumnAfterTheLast() {
        StreamSchema input = new StreamSchema("t", List.of(Column.of("a", ColumnType.TEXT), Column.of("b", ColumnType.TEXT)),
                List.of("a"));
        BoundRowTransform bound = ContentHash.of("row_hash", List.of()).bind(input);
        Object[] row = {"a", "bc"};

        Object[] out = bound.apply(row);

        assertThat(bound.output().columns().get(2)).isEqualTo(new Column("row_hash", ColumnType.STRING, false, 64, 0));
        assertThat(bound.output().keyColumns()).containsExactly("a");
        assertThat(out).containsExactly("a", "bc", "df71c232f0d2713feee455fb3324fe8bec8a0e1557153ec423526201905db997");
        assertThat(row).hasSize(2);
    }

    @Test
    void lengthsKeepValuesFromRunningIntoEachOther() {
        StreamSchema input = schema(Column.of("a", ColumnType.TEXT), Column.of("b", ColumnType.TEXT));

        assertThat(hash(input, List.of(), "a", "bc"))
                .isEqualTo("df71c232f0d2713feee455fb3324fe8bec8a0e1557153ec423526201905db997");
        assertThat(hash(input, List.of(), "ab", "c"))
                .isEqualTo("e4f5d414f854769537a29275db4c21476e1fdb5272752b183463b3ef6e42e35f");
    }

    @Test
    void nullEmptyAndTheWordNullDiffer() {
        StreamSchema input = schema(Column.of("a", ColumnType.TEXT), Column.of("b", ColumnType.TEXT));

        List<String> hashes = new ArrayList<>();
        for (Object[] row : new Object[][] {{null, ""}, {"", null}, {null, null}, {"", ""}, {"null", ""}, {"N", ""}}) {
            hashes.add(hash(input, List.of(), row));
        }

        assertThat(hashes).doesNotHaveDuplicates();
    }

    @Test
    void aRowOfEveryTypeHasItsKnownDigest() {
        StreamSchema input = schema(
                Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.TEXT),
                Column.of("amount", ColumnType.DECIMAL), Column.of("note", ColumnType.TEXT),
                Column.of("ok", ColumnType.BOOLEAN), Column.of("d", ColumnType.DATE),
                Column.of("tz", ColumnType.TIMESTAMP_TZ), Column.of("f", ColumnType.DOUBLE),
                Column.of("bin", ColumnType.BINARY), Column.of("u", ColumnType.UUID),
                Column.of("t", ColumnType.TIME), Column.of("ts", ColumnType.TIMESTAMP),
                Column.of("nan", ColumnType.DECIMAL));
        Object[] row = {42L, "Zoë €😀", new BigDecimal("12.50"), null, true, LocalDate.of(2024, 1, 2),
                OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000, ZoneOffset.ofHours(2)), 1.5,
                new byte[] {0, (byte) 0xFF}, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                LocalTime.of(9, 5, 0, 1), LocalDateTime.of(1969, 12, 31, 23, 59, 59), NonFiniteDecimal.NAN};

        assertThat(hash(input, List.of(), row))
                .isEqualTo("d13820052d4d30bfc7548f57215c2730c00ddada6a615df925be72a05cff87a5");

        Object[] out = new ContentHash(new ContentHash.Options("h", null, ContentHash.Algorithm.SHA_512))
                .bind(input).apply(row);
        assertThat(out[out.length - 1]).isEqualTo("c0aeef30e377d61ef294e60b9f8b8b507555d6d85254c4417c4c534f577f59e6"
                + "316f00ef7a6cec1bd8ad67737ce4529df0c84e876fddddc400ca80d206d04528");
    }

    @Test
    void decimalsAreHashedAsNumbersWhateverTheirScale() {
        StreamSchema input = schema(Column.of("a", ColumnType.DECIMAL), Column.of("b", ColumnType.DECIMAL),
                Column.of("c", ColumnType.DECIMAL), Column.of("d", ColumnType.DECIMAL), Column.of("e", ColumnType.DECIMAL));

        assertThat(hash(input, List.of(), new BigDecimal("-0.001"), new BigDecimal("1000"), new BigDecimal("0.00"),
                new BigDecimal("300"), new BigDecimal("128")))
                .isEqualTo("41932aa97a4a3275d5cd60d3acc0c2dbf4c42a0a3192297e254b212cd656220b");
        StreamSchema one = schema(Column.of("a", ColumnType.DECIMAL));
        assertThat(hash(one, List.of(), new BigDecimal("1.50"))).isEqualTo(hash(one, List.of(), new BigDecimal("1.5")));
        assertThat(hash(one, List.of(), new BigDecimal("1.5"))).isNotEqualTo(hash(one, List.of(), new BigDecimal("15")));
    }

    @Test
    void wideningAnIntegerColumnKeepsItsHashes() {
        assertThat(hash(schema(Column.of("n", ColumnType.INTEGER)), List.of(), 5))
                .isEqualTo(hash(schema(Column.of("n", ColumnType.BIGINT)), List.of(), 5L))
                .isEqualTo(hash(schema(Column.of("n", ColumnType.SMALLINT)), List.of(), (short) 5));
    }

    @Test
    void theSameInstantAtAnotherOffsetHashesTheSame() {
        StreamSchema input = schema(Column.of("at", ColumnType.TIMESTAMP_TZ));

        assertThat(hash(input, List.of(), OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo(hash(input, List.of(), OffsetDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC)));
        assertThat(hash(input, List.of(), OffsetDateTime.MAX)).hasSize(64);
    }

    @Test
    void valuesOfDifferentTypesWithTheSameTextDiffer() {
        assertThat(hash(schema(Column.of("v", ColumnType.TEXT)), List.of(), "5"))
                .isNotEqualTo(hash(schema(Column.of("v", ColumnType.INTEGER)), List.of(), 5))
                .isNotEqualTo(hash(schema(Column.of("v", ColumnType.DECIMAL)), List.of(), new BigDecimal("5")));
        assertThat(hash(schema(Column.of("v", ColumnType.TEXT)), List.of(), "ab"))
                .isNotEqualTo(hash(schema(Column.of("v", ColumnType.BINARY)), List.of(), (Object) "ab".getBytes()));
    }

    @Test
    void chosenColumnsAreHashedInTheOrderGiven() {
        StreamSchema input = schema(Column.of("a", ColumnType.TEXT), Column.of("b", ColumnType.TEXT),
                Column.of("c", ColumnType.INTEGER));

        assertThat(hash(input, List.of("a", "b"), "a", "bc", 1))
                .isEqualTo("df71c232f0d2713feee455fb3324fe8bec8a0e1557153ec423526201905db997");
        assertThat(hash(input, List.of("b", "a"), "a", "bc", 1)).isNotEqualTo(hash(input, List.of("a", "b"), "a", "bc", 1));
        assertThat(hash(input, List.of("a", "b"), "a", "bc", 2)).isEqualTo(hash(input, List.of("a", "b"), "a", "bc", 1));
    }

    @Test
    void aStringWithALoneSurrogateIsRejectedNotReplaced() {
        StreamSchema input = schema(Column.of("name", ColumnType.TEXT));
        BoundRowTransform bound = ContentHash.of("h", List.of()).bind(input);

        assertThatThrownBy(() -> bound.apply(new Object[] {"a\uD800b"}))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("name");
                    assertThat(e.reason()).contains("lone UTF-16 surrogate at index 1");
                });
        assertThat(bound.apply(new Object[] {"ok"})[1]).isEqualTo(hash(input, List.of(), "ok"));
    }

    @Test
    void aValueOfTheWrongClassIsRejected() {
        BoundRowTransform bound = ContentHash.of("h", List.of()).bind(schema(Column.of("n", ColumnType.BIGINT)));

        assertThatThrownBy(() -> bound.apply(new Object[] {1.5}))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("column n: value '1.5' is a Double, not a value of BIGINT");
    }

    @Test
    void longValuesGrowTheBuffer() {
        StreamSchema input = schema(Column.of("a", ColumnType.TEXT));
        String longText = "x".repeat(100_000);

        assertThat(hash(input, List.of(), longText)).isNotEqualTo(hash(input, List.of(), longText + "x"));
    }

    @Test
    void badDefinitionsAreRefusedSayingWhatIsValid() {
        StreamSchema input = schema(Column.of("a", ColumnType.TEXT), Column.of("row_hash", ColumnType.TEXT));

        assertThatThrownBy(() -> ContentHash.of("row_hash", List.of()).bind(input))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("already has a column named 'row_hash'");
        assertThatThrownBy(() -> ContentHash.of("h", List.of("a", "b")).bind(input))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("has no column 'b'; its columns are [a, row_hash]");
        assertThatThrownBy(() -> ContentHash.of("h", List.of("a", "a")))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("'a' is listed twice");
        assertThatThrownBy(() -> ContentHash.of("h", java.util.Arrays.asList("a", null)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("a column to hash has no name");
        assertThatThrownBy(() -> ContentHash.of("", List.of()))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("has no name");
    }
}

package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A default is read for the column's type when bound, exactly, and replaces only null. */
class DefaultValueTest {

    private static Object defaultFor(Column column, String text) {
        BoundValueTransform bound = new DefaultValue(text).bind(column);
        assertThat(bound.output()).isEqualTo(column.withNullable(false));
        return bound.apply(null);
    }

    @Test
    void parsesTheTextForEachType() {
        assertThat(defaultFor(Column.of("n", ColumnType.INTEGER), "0")).isEqualTo(0);
        assertThat(defaultFor(Column.of("n", ColumnType.SMALLINT), "-32768")).isEqualTo((short) -32768);
        assertThat(defaultFor(Column.of("n", ColumnType.BIGINT), "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(defaultFor(new Column("n", ColumnType.DECIMAL, true, 10, 2), "9.9")).isEqualTo(new BigDecimal("9.90"));
        assertThat(defaultFor(Column.of("n", ColumnType.DECIMAL), "9.900")).isEqualTo(new BigDecimal("9.900"));
        assertThat(defaultFor(Column.of("n", ColumnType.DOUBLE), "0.1")).isEqualTo(0.1d);
        assertThat(defaultFor(Column.of("n", ColumnType.FLOAT), "0.1")).isEqualTo(0.1f);
        assertThat(defaultFor(Column.of("d", ColumnType.DATE), "2024-01-01")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(defaultFor(Column.of("d", ColumnType.TIME), "08:30")).isEqualTo(LocalTime.of(8, 30));
        assertThat(defaultFor(Column.of("d", ColumnType.TIMESTAMP), "2024-01-01 08:30:00"))
                .isEqualTo(LocalDateTime.of(2024, 1, 1, 8, 30));
        assertThat(defaultFor(Column.of("d", ColumnType.TIMESTAMP_TZ), "2024-01-01T08:30:00Z"))
                .isEqualTo(OffsetDateTime.parse("2024-01-01T08:30:00Z"));
        assertThat(defaultFor(Column.of("b", ColumnType.BOOLEAN), "true")).isEqualTo(true);
        assertThat(defaultFor(Column.of("b", ColumnType.BOOLEAN), "No")).isEqualTo(false);
        assertThat(defaultFor(Column.of("s", ColumnType.TEXT), "")).isEqualTo("");
        assertThat(defaultFor(new Column("s", ColumnType.STRING, true, 7, 0), "unknown")).isEqualTo("unknown");
        assertThat(defaultFor(Column.of("j", ColumnType.JSON), "{\"a\": [1]}")).isEqualTo("{\"a\": [1]}");
        assertThat(defaultFor(Column.of("u", ColumnType.UUID), "123E4567-E89B-12D3-A456-426614174000"))
                .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    }

    @Test
    void leavesOtherValuesAlone() {
        BoundValueTransform bound = new DefaultValue("0").bind(Column.of("n", ColumnType.INTEGER));
        assertThat(bound.apply(42)).isEqualTo(42);
        assertThat(bound.apply(0)).isEqualTo(0);
        BoundValueTransform decimal = new DefaultValue("0").bind(Column.of("n", ColumnType.DECIMAL));
        assertThat(decimal.apply(NonFiniteDecimal.NAN)).isEqualTo(NonFiniteDecimal.NAN);
        BoundValueTransform text = new DefaultValue("x").bind(Column.of("s", ColumnType.TEXT));
        assertThat(text.apply("")).isEqualTo("");
    }

    @Test
    void aTextThatIsNotExactlyAValueIsADefinitionError() {
        assertRefused(Column.of("n", ColumnType.INTEGER), "1.5", "default '1.5' for column n (INTEGER): '1.5' is not a"
                + " whole number, so it is not an INTEGER (round it explicitly if that is meant)");
        assertRefused(Column.of("n", ColumnType.INTEGER), "2147483648", "beyond the INTEGER range");
        assertRefused(Column.of("n", ColumnType.INTEGER), " 1", "is not a number");
        assertRefused(Column.of("n", ColumnType.INTEGER), "1,000", "is not a number");
        assertRefused(new Column("n", ColumnType.DECIMAL, true, 4, 2), "1.234", "(DECIMAL(4,2)): '1.234' needs rounding");
        assertRefused(new Column("n", ColumnType.DECIMAL, true, 4, 2), "123", "has more digits than DECIMAL(4,2)");
        assertRefused(Column.of("n", ColumnType.DOUBLE), "0.10000000000000001", "has no exact DOUBLE form");
        assertRefused(Column.of("d", ColumnType.DATE), "2024-02-30", "is not a DATE in ISO 8601 form");
        assertRefused(Column.of("d", ColumnType.DATE), "01/01/2024", "such as 2024-01-31");
        assertRefused(Column.of("d", ColumnType.TIMESTAMP_TZ), "2024-01-01T08:30:00", "is not a TIMESTAMP_TZ");
        assertRefused(Column.of("b", ColumnType.BOOLEAN), "maybe", "is not a boolean (true/false, yes/no or 1/0");
        assertRefused(new Column("s", ColumnType.STRING, true, 3, 0), "unknown", "has 7 characters, more than the column's 3");
        assertRefused(Column.of("j", ColumnType.JSON), "{\"a\": 1} x", "is not a JSON document");
        assertRefused(Column.of("u", ColumnType.UUID), "1-1-1-1-1", "is not a UUID");
    }

    @Test
    void binaryAndNullAreRefused() {
        assertThatThrownBy(() -> new DefaultValue("00").bind(Column.of("b", ColumnType.BINARY)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("default takes columns of any type but BINARY; column b is BINARY");
        assertThatThrownBy(() -> new DefaultValue(null)).isInstanceOf(TransformDefinitionException.class);
    }

    private static void assertRefused(Column column, String text, String message) {
        assertThatThrownBy(() -> new DefaultValue(text).bind(column)).isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining(message);
    }
}

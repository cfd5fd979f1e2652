package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which source changes widen a destination column, and to what; nothing ever narrows. */
class TableEvolutionTest {

    private static Column column(ColumnType type, boolean nullable, int precision, int scale) {
        return new Column("c", type, nullable, precision, scale);
    }

    private static Optional<Column> widened(Column current, Column wanted) {
        return TableEvolution.widened(current, wanted);
    }

    @Test
    void textGrowsToTheLongerLengthOrToUnboundedText() {
        assertThat(widened(column(ColumnType.STRING, true, 20, 0), column(ColumnType.STRING, true, 200, 0)))
                .contains(column(ColumnType.STRING, true, 200, 0));
        assertThat(widened(column(ColumnType.STRING, true, 20, 0), column(ColumnType.TEXT, true, 0, 0)))
                .contains(column(ColumnType.TEXT, true, 0, 0));
        assertThat(widened(column(ColumnType.STRING, true, 200, 0), column(ColumnType.STRING, true, 20, 0))).isEmpty();
        assertThat(widened(column(ColumnType.TEXT, true, 0, 0), column(ColumnType.STRING, true, 20, 0))).isEmpty();
    }

    @Test
    void numbersGrowByKindAndNeverShrink() {
        assertThat(widened(column(ColumnType.SMALLINT, true, 0, 0), column(ColumnType.BIGINT, true, 0, 0)))
                .contains(column(ColumnType.BIGINT, true, 0, 0));
        assertThat(widened(column(ColumnType.BIGINT, true, 0, 0), column(ColumnType.INTEGER, true, 0, 0))).isEmpty();
        assertThat(widened(column(ColumnType.FLOAT, true, 0, 0), column(ColumnType.DOUBLE, true, 0, 0)))
                .contains(column(ColumnType.DOUBLE, true, 0, 0));
        assertThat(widened(column(ColumnType.INTEGER, true, 0, 0), column(ColumnType.TEXT, true, 0, 0))).isEmpty();
    }

    @Test
    void decimalsKeepTheMostIntegerDigitsAndTheLargestScale() {
        assertThat(widened(column(ColumnType.DECIMAL, true, 6, 2), column(ColumnType.DECIMAL, true, 12, 2)))
                .contains(column(ColumnType.DECIMAL, true, 12, 2));
        // 8 integer digits from the current column, scale 4 from the source: decimal(12,4), not (10,4)
        assertThat(widened(column(ColumnType.DECIMAL, true, 10, 2), column(ColumnType.DECIMAL, true, 10, 4)))
                .contains(column(ColumnType.DECIMAL, true, 12, 4));
        assertThat(widened(column(ColumnType.DECIMAL, true, 12, 2), column(ColumnType.DECIMAL, true, 6, 2))).isEmpty();
        assertThat(widened(column(ColumnType.DECIMAL, true, 12, 2), column(ColumnType.DECIMAL, true, 0, 0)))
                .contains(column(ColumnType.DECIMAL, true, 0, 0));
    }

    @Test
    void aColumnThatBecameNullableLosesNotNullAndNothingElse() {
        assertThat(widened(column(ColumnType.DATE, false, 0, 0), column(ColumnType.DATE, true, 0, 0)))
                .contains(column(ColumnType.DATE, true, 0, 0));
        assertThat(widened(column(ColumnType.STRING, false, 20, 0), column(ColumnType.STRING, false, 40, 0)))
                .contains(column(ColumnType.STRING, false, 40, 0));
        assertThat(widened(column(ColumnType.DATE, true, 0, 0), column(ColumnType.DATE, false, 0, 0))).isEmpty();
    }
}

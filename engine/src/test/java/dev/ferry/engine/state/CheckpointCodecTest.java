package dev.ferry.engine.state;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cursor values at the edges survive the state store: PostgreSQL's infinities, BC dates and numeric NaN. */
class CheckpointCodecTest {

    @Test
    void edgeCursorValuesComeBackAsTheyWereStored() {
        List<Checkpoint.CursorValue> cursors = List.of(
                new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, NonFiniteDecimal.NAN),
                new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, NonFiniteDecimal.POSITIVE_INFINITY),
                new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, NonFiniteDecimal.NEGATIVE_INFINITY),
                new Checkpoint.CursorValue("amount", ColumnType.DECIMAL, new BigDecimal("-12.500")),
                new Checkpoint.CursorValue("at", ColumnType.TIMESTAMP, LocalDateTime.MAX),
                new Checkpoint.CursorValue("at", ColumnType.TIMESTAMP, LocalDateTime.of(-43, 3, 15, 12, 0)),
                new Checkpoint.CursorValue("at", ColumnType.TIMESTAMP_TZ, OffsetDateTime.MIN),
                new Checkpoint.CursorValue("day", ColumnType.DATE, LocalDate.MAX));

        for (Checkpoint.CursorValue cursor : cursors) {
            assertThat(CheckpointCodec.decode(CheckpointCodec.encode(cursor))).isEqualTo(cursor);
        }
    }
}

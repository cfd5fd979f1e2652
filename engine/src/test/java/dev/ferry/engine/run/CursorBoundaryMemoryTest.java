package dev.ferry.engine.run;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.Lookback;
import dev.ferry.api.RecordBatch;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.state.BoundaryChange;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A long incremental read holds only the rows still within the window, never the whole read. */
class CursorBoundaryMemoryTest {
    @TempDir
    Path dir;

    private StateStore state;
    private final StreamKey key = new StreamKey("p", "items");

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
    }

    @AfterEach
    void close() {
        state.close();
    }

    private CursorBoundary boundary(Lookback lookback) {
        return CursorBoundary.load(state, key, new int[] {0}, 1, ColumnType.BIGINT, lookback);
    }

    /** Rows {@code (id, version)} with ids from {@code first}, {@code count} of them, versions as given. */
    private static RecordBatch batch(long first, int count, java.util.function.LongUnaryOperator version) {
        List<ChangeRecord> records = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            records.add(ChangeRecord.upsert(new Object[] {id, version.applyAsLong(id), "payload " + id}));
        }
        return new RecordBatch(records, new Checkpoint.CursorValue("version", ColumnType.BIGINT,
                version.applyAsLong(first + count - 1)));
    }

    @Test
    void rowsTheCursorLeavesBehindAreDroppedAfterEachBatch() {
        CursorBoundary boundary = boundary(Lookback.NONE);
        RecordBatch last = null;
        for (int b = 0; b < 100; b++) {
            last = batch(b * 1_000L, 1_000, id -> id);
            assertThat(boundary.unchangedDropped(last).size()).isEqualTo(1_000);
            assertThat(boundary.heldRows()).isEqualTo(1);
        }

        BoundaryChange change = boundary.changeFor(last.checkpoint());

        assertThat(change.put()).singleElement().satisfies(row -> assertThat(row.cursor()).isEqualTo(99_999L));
    }

    @Test
    void aLookBackHoldsTheRowsOfItsWindowAndTheCapHoldsTiesToItsSize() {
        CursorBoundary window = boundary(new Lookback.Amount(BigDecimal.TEN));
        window.unchangedDropped(batch(0, 5_000, id -> id));
        assertThat(window.heldRows()).as("versions 4989 to 4999").isEqualTo(11);

        CursorBoundary ties = boundary(Lookback.NONE);
        for (int b = 0; b < 30; b++) {
            ties.unchangedDropped(batch(b * 2_000L, 2_000, id -> 7));
        }
        assertThat(ties.heldRows()).isEqualTo(CursorBoundary.MAX_ROWS);
    }
}

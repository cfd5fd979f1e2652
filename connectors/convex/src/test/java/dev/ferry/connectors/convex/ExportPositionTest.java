package dev.ferry.connectors.convex;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportPositionTest {

    @Test
    void snapshotAndDeltaPositionsReadBackAsWritten() {
        ExportPosition snapshot = new ExportPosition.Snapshot(1_714_566_896_789_000_123L, "opaque:cursor:with:colons==");
        ExportPosition deltas = new ExportPosition.Deltas(Long.MAX_VALUE);

        assertThat(snapshot.checkpoint().position()).isEqualTo("v1:snapshot:1714566896789000123:opaque:cursor:with:colons==");
        assertThat(deltas.checkpoint().position()).isEqualTo("v1:deltas:9223372036854775807");
        assertThat(ExportPosition.of(snapshot.checkpoint(), "s")).isEqualTo(snapshot);
        assertThat(ExportPosition.of(deltas.checkpoint(), "s")).isEqualTo(deltas);
        assertThat(ExportPosition.of(new Checkpoint.LogPosition("v1:snapshot:5:"), "s"))
                .isEqualTo(new ExportPosition.Snapshot(5, ""));
    }

    @Test
    void anUnknownEncodingIsRefusedNamingTheStreamAndTheWayOut() {
        for (String text : new String[] {"v2:deltas:5", "v1:deltas:x", "v1:deltas", "v1:snapshot:5", "deltas:5", "", "v1:other:5:c"}) {
            assertThatThrownBy(() -> ExportPosition.of(new Checkpoint.LogPosition(text), "stream users"))
                    .as(text).isInstanceOf(FerryException.class)
                    .hasMessageContaining("stream users").hasMessageContaining("'" + text + "'").hasMessageContaining("--full-refresh");
        }
        assertThatThrownBy(() -> ExportPosition.of(new Checkpoint.CursorValue("x", ColumnType.BIGINT, 5L), "stream users"))
                .isInstanceOf(FerryException.class).hasMessageContaining("not a position in a Convex export");
    }
}

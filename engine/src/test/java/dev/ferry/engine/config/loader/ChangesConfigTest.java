package dev.ferry.engine.config.loader;

import dev.ferry.api.DeletePolicy;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.SyncMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code sync: changes}: what it takes, and what it refuses at its line. */
class ChangesConfigTest {
    private static final String HEAD = """
            pipeline: p
            connections:
              db: {url: "jdbc:sqlite::memory:"}
            source: db
            destination: db
            streams:
            """;

    @TempDir
    Path dir;

    @Test
    void aChangesStreamNeedsNoCursorAndMayApplyDeletes() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), HEAD + """
                  - table: users
                    sync: changes
                    deletes: hard
                """);
        PipelineConfig config = PipelineLoader.load(file, Map.of());
        assertThat(config.streams().getFirst().sync()).isEqualTo(SyncMode.CHANGES);
        assertThat(config.streams().getFirst().deletes().policy()).isEqualTo(DeletePolicy.HARD);
        assertThat(config.streams().getFirst().cursor()).isNull();
    }

    @Test
    void refusesWhatAChangeLogHasNoUseForAtItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), HEAD + """
                  - table: a
                    sync: changes
                    cursor: updated_at
                  - table: b
                    sync: changes
                    deletes: soft
                  - table: c
                    sync: changes
                    deletes: hard
                    reconcile_every: 5
                  - table: d
                    sync: changes
                    write: overwrite
                """);
        String problems = catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, Map.of()))
                .getMessage();
        assertThat(problems).contains(
                ":9:13: streams[0].cursor: cursor is only used by incremental streams; this stream's sync is changes",
                ":12:14: streams[1].deletes: deletes: soft is not available with sync: changes; use deletes: hard to "
                        + "apply the source's deletes, or none to keep deleted rows",
                ":16:22: streams[2].reconcile_every: reconcile_every has no use with sync: changes: the source's "
                        + "change log says which rows were deleted",
                ":19:12: streams[3].write: must be upsert for sync: changes; overwrite is only valid with sync: full_refresh");
    }
}

package dev.ferry.engine.run;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.Lookback;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.BadRowLimits;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.DeleteSettings;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.QuarantineFilter;
import dev.ferry.engine.state.QuarantineStage;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.state.StreamKey;
import dev.ferry.engine.state.StreamStats;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TestTransforms;
import dev.ferry.engine.transform.TransformChain;
import dev.ferry.engine.transform.TransformStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad rows set aside instead of failing the run: what a transform rejects and what the destination
 * refuses, the limits, the entries stored, and a retry after the cause is fixed. The destination here
 * is in memory; the same against PostgreSQL, MariaDB and SQLite is in the connectors' and CLI's tests.
 */
class QuarantineRunTest {
    private static final StreamKey ITEMS = new StreamKey("memory-test", "items");

    @TempDir
    Path dir;

    private final MemoryConnector memory = new MemoryConnector();
    /** Payloads the transform rejects; a test "fixes the mapping" by emptying it. */
    private final Set<String> rejected = new HashSet<>();
    private StateStore state;
    private PipelineRunner runner;

    @BeforeEach
    void open() {
        state = StateStores.open(new StateConfig("jdbc:sqlite:" + dir.resolve("state.db"), null, null));
        runner = new PipelineRunner(ConnectorRegistry.of(List.of(memory)), state, new RetryPolicy(1, Duration.ZERO));
        for (long i = 1; i <= 25; i++) {
            memory.sourceRows.add(new Object[] {i, i, "payload " + i});
        }
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void rowsATransformRejectsAreSetAsideAsReadAndTheOthersWrittenOnce() {
        rejected.addAll(List.of("payload 3", "payload 17"));

        RunResult run = run(incremental(new BadRowLimits(5, 0)));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(23).doesNotContainKeys(3L, 17L);
        assertThat(run.streams().getFirst()).isEqualTo(new StreamStats("items", 25, 23, 0, 0, 0, 2));
        List<QuarantineEntry> entries = entries();
        assertThat(entries).extracting(QuarantineEntry::rowKey).containsExactly("id=3", "id=17");
        QuarantineEntry first = entries.getFirst();
        assertThat(first.stage()).isEqualTo(QuarantineStage.TRANSFORM);
        assertThat(first.runId()).isEqualTo(run.runId());
        assertThat(first.error()).contains("table items").contains("column payload").contains("id=3")
                .contains("'payload 3' is rejected");
        assertThat(first.row().valuesFor(schema())).containsExactly(3L, 3L, "payload 3");
        assertThat(storedCursor()).as("the rows set aside were read: the checkpoint passes them").isEqualTo(25L);
        assertThat(state.runLog(run.runId())).anySatisfy(line -> assertThat(line.message())
                .contains("2 row(s) set aside in the quarantine").contains("ferry quarantine list memory-test --stream items"));
    }

    @Test
    void rowsTheDestinationRefusesAreIsolatedAndEveryOtherRowIsWrittenExactlyOnce() {
        Set<Long> refused = Set.of(4L, 11L, 12L, 25L);
        memory.refuses = row -> refused.contains((Long) row[0]);

        RunResult run = run(incremental(new BadRowLimits(10, 0)));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed.keySet()).hasSize(21).doesNotContainAnyElementsOf(refused);
        Map<Long, Long> timesWritten = memory.writes.stream()
                .collect(Collectors.groupingBy(row -> (Long) row[0], Collectors.counting()));
        assertThat(timesWritten).hasSize(21).allSatisfy((id, times) -> assertThat(times).as("row %s", id).isEqualTo(1));
        assertThat(run.streams().getFirst()).isEqualTo(new StreamStats("items", 25, 21, 0, 0, 0, 4));
        assertThat(entries()).extracting(QuarantineEntry::rowKey).containsExactlyInAnyOrder("id=4", "id=11", "id=12", "id=25");
        assertThat(entries()).allSatisfy(entry -> {
            assertThat(entry.stage()).isEqualTo(QuarantineStage.DESTINATION);
            assertThat(entry.error()).contains("memory table refuses row " + entry.rowKey());
        });
        assertThat(memory.isolatedWrites).as("the batches, then halves down to the refused rows").isGreaterThan(3);
    }

    @Test
    void pastMaxBadRowsTheStreamFailsKeepsWhatWasCommittedAndTheRowsItFound() {
        memory.refuses = row -> Set.of(12L, 13L, 14L).contains((Long) row[0]);

        RunResult run = run(incremental(new BadRowLimits(2, 0)));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("3 bad row(s) after 20 read, more than max_bad_rows: 2 allows")
                .contains("refuses row id=14");
        assertThat(memory.committed).as("the first batch only").hasSize(10);
        assertThat(storedCursor()).isEqualTo(10L);
        assertThat(entries()).as("kept to be seen, though the run failed").extracting(QuarantineEntry::rowKey)
                .containsExactly("id=12", "id=13", "id=14");
    }

    @Test
    void withoutLimitsTheFirstBadRowFailsTheStreamAndNothingIsSetAside() {
        rejected.add("payload 13");

        RunResult run = run(incremental(BadRowLimits.NONE));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("column payload").contains("id=13");
        assertThat(memory.committed).hasSize(10);
        assertThat(entries()).isEmpty();
    }

    @Test
    void maxBadRatioAllowsBadRowsInProportionToTheRowsRead() {
        rejected.addAll(List.of("payload 3", "payload 17"));
        assertThat(run(incremental(new BadRowLimits(0, 0.1))).status()).isEqualTo(RunStatus.SUCCEEDED);

        state.resetStream(ITEMS);
        rejected.addAll(List.of("payload 1", "payload 2"));
        RunResult tooMany = run(incremental(new BadRowLimits(0, 0.1)));
        assertThat(tooMany.status()).isEqualTo(RunStatus.FAILED);
        assertThat(tooMany.error()).contains("2 bad row(s) after 10 read, more than max_bad_ratio: 0.1 allows");
    }

    @Test
    void aRetryAfterTheCauseIsFixedWritesTheRowsAndEmptiesTheQuarantine() {
        rejected.addAll(List.of("payload 3", "payload 17"));
        memory.refuses = row -> (Long) row[0] == 20L;
        StreamConfig stream = incremental(new BadRowLimits(5, 0));
        run(stream);
        assertThat(entries()).hasSize(3);

        rejected.clear();
        RunResult retry = new QuarantineRetry(registry(), state)
                .retry(pipeline(stream), null, Set.of(), new RunControl(), RunListener.NONE);

        assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retry.streams().getFirst()).isEqualTo(new StreamStats("items", 3, 2, 0, 0, 0, 1));
        assertThat(memory.committed).hasSize(24).containsKeys(3L, 17L);
        assertThat(memory.committed.get(3L)).containsExactly(3L, 3L, "payload 3");
        List<QuarantineEntry> left = entries();
        assertThat(left).extracting(QuarantineEntry::rowKey).containsExactly("id=20");
        assertThat(left.getFirst().runId()).as("refused again, by the retry").isEqualTo(retry.runId());
        assertThat(state.run(retry.runId()).orElseThrow().trigger()).isEqualTo(QuarantineRetry.TRIGGER);
        assertThat(storedCursor()).as("a retry leaves the checkpoint alone").isEqualTo(25L);

        memory.refuses = row -> false;
        RunResult second = new QuarantineRetry(registry(), state)
                .retry(pipeline(stream), "items", Set.of(left.getFirst().id()), new RunControl(), RunListener.NONE);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(memory.committed).hasSize(25);
        assertThat(entries()).isEmpty();
    }

    @Test
    void aFullReadResolvesTheEntriesOfRowsThatNowPass() {
        rejected.addAll(List.of("payload 3", "payload 4"));
        StreamConfig stream = fullRefresh(new BadRowLimits(5, 0));
        run(stream);
        assertThat(entries()).hasSize(2);

        rejected.remove("payload 3");
        RunResult second = run(stream);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(entries()).extracting(QuarantineEntry::rowKey).containsExactly("id=4");
        assertThat(entries().getFirst().runId()).isEqualTo(second.runId());
        assertThat(state.runLog(second.runId())).anySatisfy(line -> assertThat(line.message())
                .contains("1 row(s) set aside by earlier runs left the quarantine"));
    }

    @Test
    void aRowTheDestinationRefusedInHashModeIsComparedAndWrittenAgainByTheNextRun() {
        memory.refuses = row -> (Long) row[0] == 5L;
        StreamConfig stream = hash(new BadRowLimits(5, 0));
        run(stream);
        assertThat(memory.committed).hasSize(24);

        memory.refuses = row -> false;
        RunResult second = run(stream);

        assertThat(memory.committed).hasSize(25);
        assertThat(second.streams().getFirst()).as("its hash was not stored as written")
                .isEqualTo(new StreamStats("items", 25, 1, 0, 24, 0, 0));
        assertThat(entries()).isEmpty();
    }

    @Test
    void aDestinationThatCannotIsolateRowsFailsOnTheFirstItRefuses() {
        memory.isolates = false;
        memory.refuses = row -> (Long) row[0] == 15L;

        RunResult run = run(incremental(new BadRowLimits(5, 0)));

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("memory table refuses row id=15");
        assertThat(memory.committed).hasSize(10);
    }

    private RunResult run(StreamConfig stream) {
        return runner.run(pipeline(stream), RunOptions.all("test"), new RunControl(), RunListener.NONE);
    }

    private PipelineConfig pipeline(StreamConfig stream) {
        Map<String, ConnectionConfig> connections = Map.of(
                "src", new ConnectionConfig("src", "memory", "memory:src", null, null, Map.of()),
                "dst", new ConnectionConfig("dst", "memory", "memory:dst", null, null, Map.of()));
        return new PipelineConfig("memory-test", null, connections, "src", "dst", List.of(stream),
                10, 10, StateConfig.embeddedDefault());
    }

    private ConnectorRegistry registry() {
        return ConnectorRegistry.of(List.of(memory));
    }

    private TransformChain rejecting() {
        return TransformChain.of(List.of(new TransformStep.OnColumn("payload", TestTransforms.values("reject", value -> {
            if (rejected.contains(value)) {
                throw new RejectedValueException("payload", Shortened.quote(value) + " is rejected");
            }
            return value;
        }))));
    }

    private StreamConfig incremental(BadRowLimits limits) {
        return stream(SyncMode.INCREMENTAL, "version", limits);
    }

    private StreamConfig fullRefresh(BadRowLimits limits) {
        return stream(SyncMode.FULL_REFRESH, null, limits);
    }

    private StreamConfig hash(BadRowLimits limits) {
        return stream(SyncMode.HASH, null, limits);
    }

    private StreamConfig stream(SyncMode sync, String cursor, BadRowLimits limits) {
        return new StreamConfig("items", "items", null, "items", List.of(), List.of(), Map.of(), Naming.AS_IS,
                sync, WriteMode.UPSERT, cursor, Lookback.NONE, DeleteSettings.NONE, rejecting(), limits);
    }

    private List<QuarantineEntry> entries() {
        return state.quarantined(QuarantineFilter.of(ITEMS.pipeline(), ITEMS.stream(), 100));
    }

    private StreamSchema schema() {
        return MemoryConnector.SCHEMA;
    }

    private Object storedCursor() {
        return state.checkpoint(ITEMS).map(cp -> ((Checkpoint.CursorValue) cp).value()).orElse(null);
    }
}

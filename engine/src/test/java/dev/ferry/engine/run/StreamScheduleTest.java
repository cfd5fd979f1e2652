package dev.ferry.engine.run;

import dev.ferry.api.Lookback;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.Naming;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.run.StreamSchedule.Ending;
import dev.ferry.engine.run.StreamSchedule.Skip;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/** Which stream may start when: file order, dependencies first, and the skips a failure or a stop causes. */
class StreamScheduleTest {

    @Test
    void withoutDependenciesStreamsStartInFileOrderAndAllAreReadyAtOnce() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("a"), stream("b"), stream("c")));

        assertThat(startAll(schedule)).containsExactly("a", "b", "c");
        assertThat(schedule.hasWaiting()).isFalse();
    }

    @Test
    void aStreamWaitsUntilEveryDependencyCommittedWhateverItsPlaceInTheFile() {
        StreamSchedule schedule = new StreamSchedule(List.of(
                stream("appointments", "patients", "operators"), stream("patients"), stream("operators")));

        assertThat(startAll(schedule)).containsExactly("patients", "operators");
        assertThat(schedule.ended("patients", Ending.COMMITTED)).isEmpty();
        assertThat(schedule.startNext()).as("operators is still running").isEmpty();
        assertThat(schedule.ended("operators", Ending.COMMITTED)).isEmpty();
        assertThat(startAll(schedule)).containsExactly("appointments");
    }

    @Test
    void aFailureSkipsItsDependentsAndTheirsButNotTheOthers() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("patients"), stream("appointments", "patients"),
                stream("invoices", "appointments"), stream("operators")));
        assertThat(startAll(schedule)).containsExactly("patients", "operators");

        List<Skip> skips = schedule.ended("patients", Ending.FAILED);

        assertThat(skips).extracting(s -> s.stream().name(), Skip::dependency, Skip::reason, Skip::causedByFailure)
                .containsExactly(
                        tuple("appointments", "patients", "skipped: depends on patients, which failed", true),
                        tuple("invoices", "appointments", "skipped: depends on appointments, which was skipped", true));
        assertThat(schedule.ended("operators", Ending.COMMITTED)).isEmpty();
        assertThat(schedule.startNext()).isEmpty();
        assertThat(schedule.hasWaiting()).isFalse();
    }

    @Test
    void aDependencyStoppedBeforeItFinishedIsNotCommitted() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("patients"), stream("appointments", "patients")));
        startAll(schedule);

        assertThat(schedule.ended("patients", Ending.STOPPED))
                .extracting(Skip::reason, Skip::causedByFailure)
                .containsExactly(tuple("skipped: depends on patients, which was stopped before it finished", false));
    }

    @Test
    void aStopSkipsOnlyTheWaitingStreamsThatWaitForAnother() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("patients"), stream("operators"),
                stream("appointments", "operators", "patients"), stream("invoices", "appointments")));
        assertThat(schedule.startNext().map(StreamConfig::name)).contains("patients");
        schedule.ended("patients", Ending.COMMITTED);

        List<Skip> skips = schedule.stop();

        assertThat(skips).extracting(s -> s.stream().name(), Skip::reason, Skip::causedByFailure).containsExactly(
                tuple("appointments", "skipped: depends on operators, which did not run: the run was stopped", false),
                tuple("invoices", "skipped: depends on appointments, which was skipped", false));
        assertThat(schedule.unstartable()).as("operators was simply not reached").containsExactly("operators");
    }

    @Test
    void aFailedDependencyIsNamedBeforeOneThatDidNotRun() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("a"), stream("b"), stream("c", "b", "a")));
        assertThat(schedule.startNext().map(StreamConfig::name)).contains("a");
        assertThat(schedule.ended("a", Ending.FAILED)).extracting(Skip::reason)
                .containsExactly("skipped: depends on a, which failed");
        assertThat(schedule.stop()).isEmpty();
    }

    @Test
    void dependenciesOutsideTheRunAreNeitherRunNorWaitedFor() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("appointments", "patients", "rooms")));

        assertThat(schedule.outsideDependencies(schedule.startNext().orElseThrow()))
                .containsExactly("patients", "rooms");
    }

    @Test
    void aCycleNeverBecomesReady() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("a", "b"), stream("b", "a"), stream("c")));

        assertThat(startAll(schedule)).containsExactly("c");
        schedule.ended("c", Ending.COMMITTED);
        assertThat(schedule.startNext()).isEmpty();
        assertThat(schedule.unstartable()).containsExactly("a", "b");
    }

    @Test
    void onlyARunningStreamCanEnd() {
        StreamSchedule schedule = new StreamSchedule(List.of(stream("a")));

        assertThatThrownBy(() -> schedule.ended("a", Ending.COMMITTED)).isInstanceOf(IllegalStateException.class);
    }

    /** Starts every stream that is ready now, in the order the schedule gives them. */
    private static List<String> startAll(StreamSchedule schedule) {
        List<String> started = new ArrayList<>();
        for (Optional<StreamConfig> next = schedule.startNext(); next.isPresent(); next = schedule.startNext()) {
            started.add(next.get().name());
        }
        return started;
    }

    private static StreamConfig stream(String name, String... dependsOn) {
        return new StreamConfig(name, name, null, name, List.of(), List.of(), Map.of(), Naming.AS_IS,
                SyncMode.FULL_REFRESH, WriteMode.UPSERT, null, Lookback.NONE).withDependsOn(List.of(dependsOn));
    }
}

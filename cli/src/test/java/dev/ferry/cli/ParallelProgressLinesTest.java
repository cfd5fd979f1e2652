package dev.ferry.cli;

import dev.ferry.engine.state.StreamStats;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain progress lines when streams run in parallel: each stream's line shows its own estimate. */
class ParallelProgressLinesTest {

    @Test
    void eachStreamKeepsItsOwnEstimateWhileAnotherRuns() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = ProgressDisplay.lines(new PrintWriter(text), Duration.ZERO);

        display.streamStarted("patients");
        display.streamStarted("operators");
        display.streamSized("operators", 100);
        display.progress(new StreamStats("patients", 10, 10, 0, 0, 0, 0));
        display.progress(new StreamStats("operators", 10, 10, 0, 0, 0, 0));

        assertThat(text.toString().lines().toList()).satisfiesExactly(
                line -> assertThat(line).contains(" INFO [patients] 10 read; committed: 10 inserted"),
                line -> assertThat(line).contains(" INFO [operators] 10 of ~100 read (10%"));
    }

    @Test
    void streamsReportingFromTheirOwnThreadsAtOnceGetWholeLinesWithTheirOwnEstimates() throws Exception {
        StringWriter text = new StringWriter();
        ProgressDisplay display = ProgressDisplay.lines(new PrintWriter(text), Duration.ZERO);
        int streams = 4;
        int reports = 200;
        CyclicBarrier start = new CyclicBarrier(streams);
        ExecutorService threads = Executors.newFixedThreadPool(streams);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 1; s <= streams; s++) {
                String stream = "s" + s;
                long estimate = s * 1_000L;
                done.add(threads.submit(() -> {
                    start.await();
                    display.streamStarted(stream);
                    display.streamSized(stream, estimate);
                    for (int i = 1; i <= reports; i++) {
                        display.progress(new StreamStats(stream, i, i, 0, 0, 0, 0));
                    }
                    display.streamFinished(new StreamStats(stream, reports, reports, 0, 0, 0, 0), true);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(streams * reports);
        for (int s = 1; s <= streams; s++) {
            String stream = "s" + s;
            String ownEstimate = String.format(" of ~%,d read", s * 1_000L);
            assertThat(lines).filteredOn(line -> line.contains("[" + stream + "]"))
                    .hasSize(reports)
                    .allSatisfy(line -> assertThat(line).contains(ownEstimate));
        }
    }
}

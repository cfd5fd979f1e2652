package dev.ferry.server.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AfterCyclesTest {

    @Test
    void chainsAreNoCycles() {
        assertThat(AfterCycles.find(Map.of("b", List.of("a"), "c", List.of("b"), "d", List.of("b", "missing")))).isEmpty();
    }

    @Test
    void cyclesAreFoundOnceEachStartingFromTheSmallestName() {
        assertThat(AfterCycles.find(Map.of(
                "a", List.of("c"), "c", List.of("b"), "b", List.of("a"),
                "x", List.of("x"),
                "d", List.of("a"))))
                .containsExactlyInAnyOrder(List.of("a", "c", "b"), List.of("x"));
    }
}

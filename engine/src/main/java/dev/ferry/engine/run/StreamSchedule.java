package dev.ferry.engine.run;

import dev.ferry.engine.config.StreamConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order of a run's streams: which may start now, given what has ended. A stream is ready once
 * every stream it depends on that takes part in this run has committed; among ready streams the one
 * earliest in the file goes first, so a pipeline without {@code depends_on} runs in file order. A
 * stream whose dependency did not commit (it failed, was skipped, or was stopped or never started
 * because the run was stopped) is skipped, and so in turn are the streams depending on it.
 *
 * <p>Dependencies on streams outside the run (a run of selected streams) are neither run nor waited
 * for. The loader rejects cycles; should a cycle reach here anyway, its streams never become ready
 * and are reported by {@link #unstartable()}.
 *
 * <p>Not thread-safe: one thread (the run's) asks for ready streams and reports their ends.
 */
final class StreamSchedule {

    /** How a stream that started ended. */
    enum Ending {
        COMMITTED, FAILED, STOPPED
    }

    /** Where a stream stands in the run. */
    private enum Standing {
        WAITING, RUNNING, COMMITTED, FAILED, STOPPED, SKIPPED;

        /** The end of the sentence "depends on X, which ..." for a dependency in this standing. */
        String asDependency() {
            return switch (this) {
                case FAILED -> "failed";
                case SKIPPED -> "was skipped";
                case STOPPED -> "was stopped before it finished";
                case WAITING, RUNNING -> "did not run: the run was stopped";
                case COMMITTED -> "committed";
            };
        }
    }

    /**
     * A stream that will not run because of a dependency.
     *
     * @param stream     the skipped stream
     * @param dependency the dependency that did not commit
     * @param reason     for the run log and history: {@code skipped: depends on X, which failed}
     * @param causedByFailure whether a failure, rather than a stop, is the root of it: such a skip fails the run
     */
    record Skip(StreamConfig stream, String dependency, String reason, boolean causedByFailure) {
    }

    private final Map<String, StreamConfig> streams = new LinkedHashMap<>();
    private final Map<String, Standing> standings = new LinkedHashMap<>();
    /** Per skipped stream, whether a failure is at the root of its skip. */
    private final Map<String, Boolean> skippedForFailure = new LinkedHashMap<>();

    /** @param streams the streams of this run, in file order */
    StreamSchedule(List<StreamConfig> streams) {
        for (StreamConfig stream : streams) {
            this.streams.put(stream.name(), stream);
            standings.put(stream.name(), Standing.WAITING);
        }
    }

    /** The streams {@code stream} depends on that are not part of this run, in its list's order. */
    List<String> outsideDependencies(StreamConfig stream) {
        return stream.dependsOn().stream().filter(name -> !streams.containsKey(name)).toList();
    }

    /** The earliest waiting stream whose dependencies in this run all committed, now marked running; empty when none. */
    Optional<StreamConfig> startNext() {
        for (StreamConfig stream : streams.values()) {
            if (standings.get(stream.name()) == Standing.WAITING && insideDependencies(stream).stream()
                    .allMatch(name -> standings.get(name) == Standing.COMMITTED)) {
                standings.put(stream.name(), Standing.RUNNING);
                return Optional.of(stream);
            }
        }
        return Optional.empty();
    }

    /**
     * Records how a running stream ended, and returns the waiting streams that can now never run,
     * transitively, in file order.
     */
    List<Skip> ended(String stream, Ending ending) {
        if (standings.get(stream) != Standing.RUNNING) {
            throw new IllegalStateException("Stream " + stream + " is not running");
        }
        standings.put(stream, switch (ending) {
            case COMMITTED -> Standing.COMMITTED;
            case FAILED -> Standing.FAILED;
            case STOPPED -> Standing.STOPPED;
        });
        return skipBlocked();
    }

    /**
     * Skips every waiting stream with a dependency that did not commit: once the run is stopped no
     * stream starts, and those that waited for another are recorded as skipped. Streams that waited
     * for nothing are left out: they were simply not reached, as in a stopped run without dependencies.
     */
    List<Skip> stop() {
        List<Skip> skips = new ArrayList<>();
        for (StreamConfig stream : streams.values()) {
            if (standings.get(stream.name()) == Standing.WAITING) {
                firstUncommitted(stream).ifPresent(dependency -> skips.add(skip(stream, dependency)));
            }
        }
        return skips;
    }

    /** Whether any stream is still waiting to start. */
    boolean hasWaiting() {
        return standings.containsValue(Standing.WAITING);
    }

    /** Streams still waiting although nothing runs: only a cycle leaves them so. */
    List<String> unstartable() {
        return standings.entrySet().stream().filter(e -> e.getValue() == Standing.WAITING).map(Map.Entry::getKey).toList();
    }

    private List<Skip> skipBlocked() {
        List<Skip> skips = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (StreamConfig stream : streams.values()) {
                if (standings.get(stream.name()) != Standing.WAITING) {
                    continue;
                }
                Optional<String> blocking = insideDependencies(stream).stream()
                        .filter(name -> isFinal(standings.get(name)) && standings.get(name) != Standing.COMMITTED)
                        .findFirst();
                if (blocking.isPresent()) {
                    skips.add(skip(stream, blocking.get()));
                    changed = true;
                }
            }
        }
        return skips;
    }

    private Skip skip(StreamConfig stream, String dependency) {
        Standing standing = standings.get(dependency);
        boolean causedByFailure = standing == Standing.FAILED
                || standing == Standing.SKIPPED && skippedForFailure.get(dependency);
        standings.put(stream.name(), Standing.SKIPPED);
        skippedForFailure.put(stream.name(), causedByFailure);
        return new Skip(stream, dependency, "skipped: depends on " + dependency + ", which " + standing.asDependency(),
                causedByFailure);
    }

    /** The dependency to name when a stream cannot run: a failed one first, as the likeliest cause to fix. */
    private Optional<String> firstUncommitted(StreamConfig stream) {
        List<String> uncommitted = insideDependencies(stream).stream()
                .filter(name -> standings.get(name) != Standing.COMMITTED).toList();
        return uncommitted.stream().filter(name -> standings.get(name) == Standing.FAILED).findFirst()
                .or(() -> uncommitted.stream().findFirst());
    }

    private List<String> insideDependencies(StreamConfig stream) {
        return stream.dependsOn().stream().filter(streams::containsKey).toList();
    }

    private static boolean isFinal(Standing standing) {
        return standing != Standing.WAITING && standing != Standing.RUNNING;
    }
}

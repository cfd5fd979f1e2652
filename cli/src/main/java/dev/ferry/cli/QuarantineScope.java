package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.loader.Suggestions;
import dev.ferry.engine.state.QuarantineEntry;
import dev.ferry.engine.state.StateStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks the quarantine commands share, each giving the message of a usage error or nothing: a
 * stream the pipeline does not have, an id that is not one of its entries.
 */
final class QuarantineScope {
    private QuarantineScope() {
    }

    /**
     * Why {@code stream} cannot be chosen; empty when it can, or when it is null (every stream).
     * {@code alsoKnown} are names the quarantine holds rows of, which a list or a discard may still
     * reach after the stream left the pipeline file.
     */
    static Optional<String> unknownStream(PipelineConfig config, String stream, Collection<String> alsoKnown) {
        if (stream == null) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        config.streams().stream().map(StreamConfig::name).forEach(names::add);
        names.addAll(alsoKnown);
        if (names.contains(stream)) {
            return Optional.empty();
        }
        return Optional.of("pipeline " + config.name() + " (" + config.file() + ") has no stream named " + stream
                + "; its streams are " + String.join(", ", names) + Suggestions.didYouMean(stream, names));
    }

    /** The entries with {@code ids}, in the order given, or why one is not an entry of the pipeline. */
    static Lookup entries(StateStore state, PipelineConfig config, Collection<Long> ids) {
        List<QuarantineEntry> found = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            Optional<QuarantineEntry> entry = state.quarantineEntry(id).filter(e -> e.pipeline().equals(config.name()));
            if (entry.isEmpty()) {
                return new Lookup(List.of(), noEntry(config, id));
            }
            found.add(entry.get());
        }
        return new Lookup(found, null);
    }

    static String noEntry(PipelineConfig config, long id) {
        return "pipeline " + config.name() + " (" + config.file() + ") has no quarantined row with id " + id
                + "; `ferry quarantine list " + config.file() + "` shows the ones it has";
    }

    /** Entries found, or the problem that stopped the search. */
    record Lookup(List<QuarantineEntry> entries, String problem) {
    }
}

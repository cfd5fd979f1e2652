package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.PipelineConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code after:} chains read backwards: for each pipeline, the pipelines its successful runs start. */
final class Chains {
    private final Map<String, List<String>> starts = new TreeMap<>();

    Chains(List<PipelineConfig> pipelines) {
        for (PipelineConfig pipeline : pipelines) {
            for (String upstream : pipeline.schedule().after()) {
                starts.computeIfAbsent(upstream, name -> new ArrayList<>()).add(pipeline.name());
            }
        }
        starts.values().forEach(list -> list.sort(String::compareTo));
    }

    /** The pipelines that run after {@code pipeline} succeeds, by name. */
    List<String> startedBy(String pipeline) {
        return starts.getOrDefault(pipeline, List.of());
    }
}

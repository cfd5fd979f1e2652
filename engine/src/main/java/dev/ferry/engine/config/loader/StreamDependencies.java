package dev.ferry.engine.config.loader;

import dev.ferry.engine.config.loader.Fields.Named;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code depends_on} lists of a pipeline's streams once every stream name is known: each
 * name must be another stream of the file, and the lists must not form a cycle, which no run could
 * ever order. Problems are reported at the list item that names the stream.
 */
final class StreamDependencies {

    private final Problems problems;
    /** Each stream's dependencies, in file order of the streams and list order within each. */
    private final Map<String, List<Named>> dependencies = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    StreamDependencies(Problems problems) {
        this.problems = problems;
    }

    /**
     * Reads a stream's {@code depends_on}, a list of names or a single name, reporting a stream that
     * names itself; duplicates and an empty list are reported by {@link Fields#names}.
     *
     * @param name the stream's name; null when it has none (already reported), which skips the checks
     *             that need it
     * @return the names, for the stream's configuration
     */
    List<String> read(Fields fields, String name) {
        List<Named> listed = fields.names("depends_on");
        List<String> values = new ArrayList<>();
        List<Named> others = new ArrayList<>();
        for (Named dependency : listed) {
            if (dependency.value().equals(name)) {
                problems.add(dependency.at(), dependency.path(), "stream '" + name + "' cannot depend on itself; "
                        + "list the streams that must be written before it");
            } else {
                values.add(dependency.value());
                others.add(dependency);
            }
        }
        if (name != null) {
            names.add(name);
            dependencies.putIfAbsent(name, others);
        }
        return values;
    }

    /** Reports unknown names (with the closest stream name) and every cycle; call after every stream was read. */
    void check() {
        dependencies.values().forEach(listed -> listed.stream()
                .filter(dependency -> !dependencies.containsKey(dependency.value()))
                .forEach(dependency -> problems.add(dependency.at(), dependency.path(), "no stream is named '"
                        + dependency.value() + "'; streams are " + Suggestions.join(names)
                        + Suggestions.didYouMean(dependency.value(), names))));
        Map<String, Visit> visits = new HashMap<>();
        for (String stream : dependencies.keySet()) {
            findCycles(stream, visits, new ArrayList<>());
        }
    }

    private enum Visit { IN_PROGRESS, DONE }

    /** Depth-first, in file order; an edge back to a stream on the current path closes a cycle. */
    private void findCycles(String stream, Map<String, Visit> visits, List<String> path) {
        if (visits.containsKey(stream)) {
            return;
        }
        visits.put(stream, Visit.IN_PROGRESS);
        path.add(stream);
        for (Named dependency : dependencies.get(stream)) {
            String next = dependency.value();
            if (!dependencies.containsKey(next)) {
                continue;
            }
            if (visits.get(next) == Visit.IN_PROGRESS) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                cycle.add(next);
                problems.add(dependency.at(), dependency.path(), "depends_on forms a cycle: "
                        + String.join(" -> ", cycle) + " (each depends on the next); no order can satisfy it, "
                        + "so remove one of these dependencies");
            } else {
                findCycles(next, visits, path);
            }
        }
        path.removeLast();
        visits.put(stream, Visit.DONE);
    }
}

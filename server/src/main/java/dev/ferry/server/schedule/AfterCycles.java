package dev.ferry.server.schedule;

import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.server.pipelines.PipelineEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles in {@code schedule.after} ({@code a} after {@code b} after {@code a}), which would
 * run forever, so that the pipelines in one are refused when they load, each with a problem that
 * names the whole cycle. An {@code after:} naming a pipeline that does not exist is no cycle: it
 * simply never fires until that pipeline appears.
 *
 * <p>Stateless and thread-safe.
 */
public final class AfterCycles {

    private AfterCycles() {
    }

    /**
     * The cycles among {@code after}, each as the names along it starting from its smallest name,
     * e.g. {@code [a, c, b]} when a runs after c, c after b and b after a.
     *
     * @param after each pipeline's {@code after:} list
     */
    public static List<List<String>> find(Map<String, List<String>> after) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : after.keySet().stream().sorted().toList()) {
            walk(start, after, new LinkedHashSet<>(), done, cycles);
        }
        return cycles;
    }

    private static void walk(String name, Map<String, List<String>> after, LinkedHashSet<String> path, Set<String> done,
                             List<List<String>> cycles) {
        if (path.contains(name)) {
            List<String> onPath = new ArrayList<>(path);
            List<String> cycle = onPath.subList(onPath.indexOf(name), onPath.size());
            cycles.add(rotate(cycle));
            return;
        }
        if (done.contains(name)) {
            return;
        }
        path.add(name);
        for (String upstream : after.getOrDefault(name, List.of())) {
            walk(upstream, after, path, done, cycles);
        }
        path.remove(name);
        done.add(name);
    }

    private static List<String> rotate(List<String> cycle) {
        int smallest = cycle.indexOf(cycle.stream().sorted().findFirst().orElseThrow());
        List<String> rotated = new ArrayList<>(cycle.subList(smallest, cycle.size()));
        rotated.addAll(cycle.subList(0, smallest));
        return List.copyOf(rotated);
    }

    /**
     * The entries with every pipeline that is part of an {@code after:} cycle turned into an invalid
     * entry, whose problem names the cycle; the others unchanged, in the same order.
     */
    public static Map<String, PipelineEntry> refuse(Map<String, PipelineEntry> entries) {
        Map<String, List<String>> after = new HashMap<>();
        entries.values().stream().filter(PipelineEntry::isValid)
                .forEach(entry -> after.put(entry.name(), entry.config().schedule().after()));
        List<List<String>> cycles = find(after);
        if (cycles.isEmpty()) {
            return entries;
        }
        Map<String, String> cycleOf = new HashMap<>();
        for (List<String> cycle : cycles) {
            List<String> shown = new ArrayList<>(cycle);
            shown.add(cycle.getFirst());
            String text = String.join(" -> ", shown);
            cycle.forEach(name -> cycleOf.putIfAbsent(name, text));
        }
        Map<String, PipelineEntry> result = new LinkedHashMap<>();
        for (PipelineEntry entry : entries.values()) {
            String cycle = cycleOf.get(entry.name());
            result.put(entry.name(), cycle == null ? entry : refused(entry, cycle));
        }
        return result;
    }

    private static PipelineEntry refused(PipelineEntry entry, String cycle) {
        int[] at = locationOfAfter(entry.yaml());
        ConfigProblem problem = new ConfigProblem(entry.file(), at[0], at[1], "schedule.after",
                "pipelines " + cycle + " run after one another in a cycle (read \"a -> b\" as a runs after b); "
                        + "remove one of these after: entries");
        List<ConfigProblem> problems = new ArrayList<>(entry.problems());
        problems.add(problem);
        return new PipelineEntry(entry.name(), entry.origin(), entry.file(), entry.yaml(), null, problems);
    }

    /** Line and column of the {@code after:} key in the YAML text; zeros when it is not found. */
    private static int[] locationOfAfter(String yaml) {
        if (yaml == null) {
            return new int[]{0, 0};
        }
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].stripLeading();
            if (stripped.startsWith("after:")) {
                return new int[]{i + 1, lines[i].length() - stripped.length() + 1};
            }
        }
        return new int[]{0, 0};
    }
}

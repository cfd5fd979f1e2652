package dev.ferry.engine.config.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one file, so a single run reports all of them. */
final class Problems {

    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void add(YamlNode at, String field, String message) {
        add(at.line(), at.column(), field, message);
    }

    void add(int line, int column, String field, String message) {
        ConfigProblem problem = new ConfigProblem(file, line, column, field, message);
        // An inherited default can trip the same check from several places; say it once.
        if (!found.contains(problem)) {
            found.add(problem);
        }
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws with every problem, in file order, when any was found. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new ConfigException(sorted);
        }
    }
}

package dev.ferry.engine.config.loader;

import dev.ferry.api.FerryException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline file that cannot be used, with every problem found in it rather than only the first,
 * so that one edit can fix them all. The message lists them one per line as
 * {@code file:line:col: field: message}.
 */
public class ConfigException extends FerryException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("A ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems in the order they appear in the file; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
    }
}

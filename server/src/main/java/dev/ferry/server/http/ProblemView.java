package dev.ferry.server.http;

import dev.ferry.engine.config.loader.ConfigProblem;

/** A located problem of a pipeline's YAML, as the API shows it. */
public record ProblemView(String file, int line, int column, String field, String message) {

    public static ProblemView of(ConfigProblem problem) {
        return new ProblemView(problem.file() == null ? null : problem.file().toString(), problem.line(),
                problem.column(), problem.field(), problem.message());
    }
}

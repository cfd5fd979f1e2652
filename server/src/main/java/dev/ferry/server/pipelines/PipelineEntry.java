package dev.ferry.server.pipelines;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.ConfigProblem;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline the server knows, valid or not: a broken file is listed with its problems, so that it
 * can be seen and fixed, while it never stops the others from running.
 *
 * @param name     the pipeline's name (for a file that cannot be read, the file's name without extension)
 * @param origin   where it comes from
 * @param file     its YAML file; null for pipelines stored through the API
 * @param yaml     its YAML text exactly as written
 * @param config   the validated pipeline; null when it has problems
 * @param problems located problems; empty when valid
 * @param paused   whether schedules and triggers skip it (Sync now still runs it: that is asked for explicitly)
 */
public record PipelineEntry(String name, Origin origin, Path file, String yaml, PipelineConfig config,
                            List<ConfigProblem> problems, boolean paused) {

    public PipelineEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        problems = List.copyOf(problems);
    }

    /** An entry that is not paused. */
    public PipelineEntry(String name, Origin origin, Path file, String yaml, PipelineConfig config,
                         List<ConfigProblem> problems) {
        this(name, origin, file, yaml, config, problems, false);
    }

    public PipelineEntry withPaused(boolean value) {
        return new PipelineEntry(name, origin, file, yaml, config, problems, value);
    }

    public boolean isValid() {
        return config != null;
    }

    /** Files are config as code: the API may read them, never change them. */
    public boolean isReadOnly() {
        return origin == Origin.FILE;
    }

    public enum Origin {
        /** A YAML file in the pipelines folder. */
        FILE,
        /** Created through the API and stored in the state store. */
        API
    }
}

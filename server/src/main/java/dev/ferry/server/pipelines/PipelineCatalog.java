package dev.ferry.server.pipelines;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.config.loader.PipelineLoader;
import dev.ferry.server.schedule.AfterCycles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The pipelines the server runs: the YAML files of its pipelines folder. Each file is read on its
 * own, so one with mistakes is listed with its located problems and never keeps the others from
 * loading.
 *
 * <p>Thread-safe: a reload replaces the whole set at once.
 */
public final class PipelineCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCatalog.class);

    private final Path folder;
    private final Map<String, String> environment;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, PipelineEntry> entries = Map.of();

    /**
     * @param folder      the pipelines folder; null for none (pipelines then come only from the API)
     * @param environment what {@code ${env:NAME}} reads
     */
    public PipelineCatalog(Path folder, Map<String, String> environment) {
        this.folder = folder;
        this.environment = Map.copyOf(environment);
    }

    /** Reads every pipeline again; returns the entries, valid or not. */
    public synchronized List<PipelineEntry> reload() {
        Map<String, PipelineEntry> loaded = new LinkedHashMap<>();
        for (Path file : yamlFiles()) {
            PipelineEntry entry = readFile(file);
            PipelineEntry clash = loaded.get(entry.name());
            if (clash != null) {
                entry = new PipelineEntry(entry.name() + "@" + file.getFileName(), entry.origin(), file, entry.yaml(), null,
                        List.of(new ConfigProblem(file, 1, 1, "pipeline", "pipeline " + entry.name()
                                + " is also defined in " + clash.file() + "; pipeline names must be unique")));
            }
            loaded.put(entry.name(), entry);
            if (!entry.isValid()) {
                LOG.warn("Pipeline file {} has problems and is not run:\n{}", file, describe(entry.problems()));
            }
        }
        entries = Map.copyOf(AfterCycles.refuse(loaded));
        changeListeners.forEach(Runnable::run);
        return list();
    }

    /** Every pipeline by name. */
    public List<PipelineEntry> list() {
        return entries.values().stream().sorted(Comparator.comparing(PipelineEntry::name)).toList();
    }

    public Optional<PipelineEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Valid pipelines only. */
    public List<PipelineConfig> valid() {
        return list().stream().filter(PipelineEntry::isValid).map(PipelineEntry::config).toList();
    }

    /**
     * Whether schedules, {@code after:} and triggers leave the pipeline alone for now. Pausing comes
     * with the pipeline API; until then no pipeline is paused.
     */
    public boolean isPaused(String name) {
        return false;
    }

    /** Calls {@code listener} after every reload, on the reloading thread. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public Path folder() {
        return folder;
    }

    private List<Path> yamlFiles() {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.warn("Pipelines folder {} cannot be listed: {}", folder, e.getMessage());
            return List.of();
        }
    }

    private PipelineEntry readFile(Path file) {
        String yaml = null;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the loader reports it, located
        }
        try {
            PipelineConfig config = PipelineLoader.load(file, environment);
            return new PipelineEntry(config.name(), PipelineEntry.Origin.FILE, file, yaml, config, List.of());
        } catch (ConfigException e) {
            return new PipelineEntry(baseName(file), PipelineEntry.Origin.FILE, file, yaml, null, e.problems());
        }
    }

    private static String baseName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    private static String describe(List<ConfigProblem> problems) {
        List<String> lines = new ArrayList<>();
        problems.forEach(problem -> lines.add("  " + problem.format()));
        return String.join("\n", lines);
    }
}

package dev.ferry.server.pipelines;

import dev.ferry.engine.config.ExternalConnections;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pipelines the server runs: the YAML files of its pipelines folder (config as code, read-only
 * through the API) and the pipelines created through the API (stored in the server's tables). Each is
 * read on its own, so one with mistakes is listed with its located problems and never keeps the
 * others from loading. A file whose pipeline name is taken (by another file, or by a stored
 * pipeline, which came first) is listed as a problem under {@code name@file} and not run.
 *
 * <p>Thread-safe: every change replaces the whole set at once, and then calls the
 * {@link #onChange} listeners.
 */
public final class PipelineCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCatalog.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path folder;
    private final Map<String, String> environment;
    private final PipelineStore store;
    private final Path storedBase;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, PipelineEntry> entries = Map.of();
    private volatile ExternalConnections storedConnections = ExternalConnections.NONE;

    /**
     * A catalog of files only.
     *
     * @param folder      the pipelines folder; null for none
     * @param environment what {@code ${env:NAME}} reads
     */
    public PipelineCatalog(Path folder, Map<String, String> environment) {
        this(folder, environment, null, null);
    }

    /**
     * @param folder      the pipelines folder; null for none (pipelines then come only from the API)
     * @param environment what {@code ${env:NAME}} reads
     * @param store       the stored pipelines and pauses; null for none (nothing can then be created or paused)
     * @param storedBase  where stored pipelines' relative SQLite paths and {@code ${file:}} references
     *                    are taken from; the pipelines folder when null
     */
    public PipelineCatalog(Path folder, Map<String, String> environment, PipelineStore store, Path storedBase) {
        this.folder = folder;
        this.environment = Map.copyOf(environment);
        this.store = store;
        this.storedBase = storedBase != null ? storedBase : folder != null ? folder : Path.of(".");
    }

    /** Lets pipelines name the server's stored connections without declaring them; takes effect at the next reload. */
    public void useStoredConnections(ExternalConnections stored) {
        this.storedConnections = java.util.Objects.requireNonNull(stored, "stored connections");
    }

    /** Reads every pipeline again; returns the entries, valid or not. */
    public synchronized List<PipelineEntry> reload() {
        Map<String, PipelineEntry> loaded = new LinkedHashMap<>();
        Set<String> paused = store == null ? Set.of() : store.paused();
        if (store != null) {
            for (StoredPipeline stored : store.list()) {
                loaded.put(stored.name(), readStored(stored.name(), stored.yaml()));
            }
        }
        for (Path file : yamlFiles()) {
            PipelineEntry entry = readFile(file);
            PipelineEntry clash = loaded.get(entry.name());
            if (clash != null) {
                String where = clash.file() != null ? "also defined in " + clash.file()
                        : "also a pipeline stored through the API; delete that one or rename this one";
                entry = new PipelineEntry(entry.name() + "@" + file.getFileName(), entry.origin(), file, entry.yaml(), null,
                        List.of(new ConfigProblem(file, 1, 1, "pipeline", "pipeline " + entry.name()
                                + " is " + where + "; pipeline names must be unique")));
            }
            loaded.put(entry.name(), entry);
            if (!entry.isValid()) {
                LOG.warn("Pipeline file {} has problems and is not run:\n{}", file, describe(entry.problems()));
            }
        }
        Map<String, PipelineEntry> checked = new LinkedHashMap<>(AfterCycles.refuse(loaded));
        checked.replaceAll((name, entry) -> entry.withPaused(paused.contains(name)));
        entries = Map.copyOf(checked);
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

    /** Whether schedules and triggers skip this pipeline; false for one that does not exist. */
    public boolean isPaused(String name) {
        PipelineEntry entry = entries.get(name);
        return entry != null && entry.paused();
    }

    /** Calls {@code listener} after every change (reload, save, delete, pause, resume), on the changing thread. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public Path folder() {
        return folder;
    }

    /**
     * Creates or replaces a pipeline stored through the API, after checking its YAML; nothing is
     * stored when it has problems.
     *
     * @return whether it was created (false: replaced)
     * @throws ConfigException        when the YAML has problems, located in {@code api:<name>}, or names
     *                                another pipeline
     * @throws PipelineChangeRefused  when the name is not valid or belongs to a pipeline from a file
     */
    public synchronized boolean save(String name, String yaml, String actor) {
        requireStore();
        checkName(name);
        refuseFile(name);
        parseStored(name, yaml);
        boolean created = store.save(name, yaml, actor);
        reload();
        return created;
    }

    /**
     * The located problems {@link #save} would refuse {@code yaml} for, without storing anything:
     * what an editor shows while the YAML is being written. Empty when it would be saved.
     *
     * @throws PipelineChangeRefused when the name is not valid or belongs to a pipeline from a file
     */
    public List<ConfigProblem> check(String name, String yaml) {
        checkName(name);
        refuseFile(name);
        try {
            parseStored(name, yaml);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /**
     * Reads {@code yaml} as a pipeline stored under {@code name} would be read, storing nothing: what
     * {@link #save} checks, and what a preview of a pipeline not yet saved runs on.
     *
     * @throws ConfigException when the YAML has problems, located in {@code api:<name>}, or names another pipeline
     */
    public PipelineConfig parseStored(String name, String yaml) {
        Path origin = Path.of("api:" + name);
        PipelineConfig config = read(yaml, origin);
        if (!config.name().equals(name)) {
            throw new ConfigException(List.of(new ConfigProblem(origin, lineOf(yaml, "pipeline:"), 1, "pipeline",
                    "the pipeline is named " + config.name() + " but is sent as " + name + "; the two must be equal")));
        }
        return config;
    }

    /**
     * Reads {@code yaml} as stored pipelines are read (their base folder, environment and stored
     * connections), whatever its name; nothing is stored.
     *
     * @param origin what its problems are located in, such as {@code api:preview}
     * @throws ConfigException when the YAML has problems
     */
    public PipelineConfig read(String yaml, Path origin) {
        return PipelineLoader.parse(yaml, origin, storedBase, environment, storedConnections);
    }

    /**
     * Deletes a pipeline stored through the API.
     *
     * @return false when no pipeline of that name exists
     * @throws PipelineChangeRefused when it comes from a file
     */
    public synchronized boolean delete(String name) {
        requireStore();
        refuseFile(name);
        boolean deleted = store.delete(name);
        if (deleted) {
            reload();
        }
        return deleted;
    }

    /**
     * Pauses or resumes a pipeline, from a file or stored alike.
     *
     * @return whether its state changed (false: it already was so)
     * @throws java.util.NoSuchElementException when no pipeline of that name exists
     */
    public synchronized boolean setPaused(String name, boolean paused, String actor) {
        requireStore();
        if (!entries.containsKey(name)) {
            throw new java.util.NoSuchElementException("Pipeline " + name + " does not exist");
        }
        boolean changed = paused ? store.pause(name, actor) : store.resume(name);
        Set<String> now = store.paused();
        Map<String, PipelineEntry> updated = new LinkedHashMap<>(entries);
        updated.replaceAll((key, entry) -> entry.withPaused(now.contains(key)));
        entries = Map.copyOf(updated);
        changeListeners.forEach(Runnable::run);
        return changed;
    }

    private void requireStore() {
        if (store == null) {
            throw new IllegalStateException("This catalog has no store for pipelines");
        }
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new PipelineChangeRefused(PipelineChangeRefused.Reason.INVALID_NAME, "A pipeline name has letters, digits, '_', '.' "
                    + "and '-' only, not '" + name + "'", null);
        }
    }

    /** Refuses a change to a name that a file of the folder holds, valid or not. */
    private void refuseFile(String name) {
        for (PipelineEntry entry : entries.values()) {
            if (entry.file() != null && (entry.name().equals(name) || entry.name().startsWith(name + "@")
                    || entry.config() != null && entry.config().name().equals(name))) {
                throw new PipelineChangeRefused(PipelineChangeRefused.Reason.READ_ONLY, "Pipeline " + name + " comes from file "
                        + entry.file() + ": change that file instead (files are read-only through the API)", entry.file());
            }
        }
    }

    private static int lineOf(String yaml, String key) {
        String[] lines = yaml.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(key)) {
                return i + 1;
            }
        }
        return 1;
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

    private PipelineEntry readStored(String name, String yaml) {
        try {
            PipelineConfig config = PipelineLoader.parse(yaml, Path.of("api:" + name), storedBase, environment, storedConnections);
            return new PipelineEntry(name, PipelineEntry.Origin.API, null, yaml, config, List.of());
        } catch (ConfigException e) {
            // Valid when stored; an environment variable it reads may have gone since.
            LOG.warn("Stored pipeline {} has problems and is not run:\n{}", name, describe(e.problems()));
            return new PipelineEntry(name, PipelineEntry.Origin.API, null, yaml, null, e.problems());
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
            PipelineConfig config = PipelineLoader.load(file, environment, storedConnections);
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

    /** A change through the API that cannot be made, and why. */
    public static final class PipelineChangeRefused extends RuntimeException {
        private final Reason reason;
        private final Path file;

        PipelineChangeRefused(Reason reason, String message, Path file) {
            super(message);
            this.reason = reason;
            this.file = file;
        }

        public Reason reason() {
            return reason;
        }

        /** The file that holds the pipeline; null when none does. */
        public Path file() {
            return file;
        }

        public enum Reason {
            /** The name has characters a pipeline name cannot have. */
            INVALID_NAME,
            /** The pipeline comes from a file: config as code, changed there only. */
            READ_ONLY
        }
    }
}

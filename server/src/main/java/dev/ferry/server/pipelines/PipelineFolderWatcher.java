package dev.ferry.server.pipelines;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reloads the catalog when a file of the pipelines folder is added, changed or removed. Changes come
 * in bursts (an editor writes a temporary file and renames it; a deploy copies many files), so it
 * waits until the folder has been quiet for {@code debounce} and reloads once. The operating
 * system's notices are the fast path; the folder's listing (names, sizes, modification times) is
 * also compared every {@code rescan}, for file systems that send no notices (network mounts, some
 * container volumes).
 *
 * <p>One thread of its own; {@link #close} stops it.
 */
public final class PipelineFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFolderWatcher.class);
    public static final Duration DEBOUNCE = Duration.ofMillis(300);
    public static final Duration RESCAN = Duration.ofSeconds(5);

    private final PipelineCatalog catalog;
    private final Path folder;
    private final Duration debounce;
    private final Duration rescan;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean running = true;

    private PipelineFolderWatcher(PipelineCatalog catalog, Path folder, Duration debounce, Duration rescan) {
        this.catalog = catalog;
        this.folder = folder;
        this.debounce = debounce;
        this.rescan = rescan;
        this.watcher = openWatcher(folder);
        this.thread = Thread.ofPlatform().name("ferry-pipelines-watch").daemon(true).unstarted(this::watch);
    }

    /** Starts watching the catalog's folder. */
    public static PipelineFolderWatcher start(PipelineCatalog catalog) {
        return start(catalog, DEBOUNCE, RESCAN);
    }

    public static PipelineFolderWatcher start(PipelineCatalog catalog, Duration debounce, Duration rescan) {
        PipelineFolderWatcher watcher = new PipelineFolderWatcher(catalog, catalog.folder(), debounce, rescan);
        watcher.thread.start();
        return watcher;
    }

    @Override
    public void close() {
        running = false;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing; nothing left to do with it
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        List<String> seen = listing();
        while (running) {
            try {
                boolean noticed = awaitNotice(rescan);
                if (noticed) {
                    // Wait for the burst to end: every further notice restarts the quiet time.
                    while (awaitNotice(debounce)) {
                        // keep waiting
                    }
                }
                List<String> now = listing();
                if (noticed || !now.equals(seen)) {
                    seen = now;
                    List<PipelineEntry> entries = catalog.reload();
                    LOG.info("Pipelines folder {} changed: {} pipeline(s), {} with problems", folder, entries.size(),
                            entries.stream().filter(entry -> !entry.isValid()).count());
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Reloading the pipelines folder {} failed; trying again at the next change", folder, e);
            }
        }
    }

    /** Whether a notice came within {@code wait}; false at once when the system gives none. */
    private boolean awaitNotice(Duration wait) throws InterruptedException {
        if (watcher == null) {
            Thread.sleep(wait);
            return false;
        }
        WatchKey key = watcher.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        key.pollEvents();
        key.reset();
        return true;
    }

    /** Names, sizes and modification times of the folder's files. */
    private List<String> listing() {
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.sorted().toList()) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    files.add(path.getFileName() + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis());
                } catch (IOException gone) {
                    // removed while listing; the next listing tells
                }
            }
        } catch (IOException e) {
            LOG.debug("Pipelines folder {} cannot be listed: {}", folder, e.getMessage());
        }
        return files;
    }

    private static WatchService openWatcher(Path folder) {
        try {
            WatchService service = folder.getFileSystem().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("Pipelines folder {} sends no change notices ({}); it is compared every {} s instead", folder,
                    e.getMessage(), RESCAN.toSeconds());
            return null;
        }
    }
}

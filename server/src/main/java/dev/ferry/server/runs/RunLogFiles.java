package dev.ferry.server.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends the log lines of the runs this node executes to one file per pipeline,
 * {@code <folder>/<pipeline>.log}, for tools that read one log per component. Each line:
 * {@code 2026-03-01T08:00:00.123Z INFO run 12 [orders] message} (no brackets for run-wide lines).
 * Files are opened for each line, so a log rotator may move them at any time.
 *
 * <p>Thread-safe: lines of one pipeline are appended one at a time.
 */
public final class RunLogFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RunLogFiles.class);

    private final Path folder;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public RunLogFiles(Path folder) {
        this.folder = folder;
    }

    /** Starts writing the lines {@code events} carries. */
    public RunEvents.Subscription attach(RunEvents events) {
        return events.subscribe(event -> {
            if (event instanceof RunEvent.Logged logged) {
                append(logged);
            }
        });
    }

    /** The file of a pipeline's lines. */
    public Path file(String pipeline) {
        return folder.resolve(pipeline + ".log");
    }

    private void append(RunEvent.Logged line) {
        String text = DateTimeFormatter.ISO_INSTANT.format(line.at()) + " " + line.level() + " run " + line.runId()
                + (line.stream() == null ? "" : " [" + line.stream() + "]") + " " + line.message().replace("\n", "\n    ")
                + "\n";
        synchronized (locks.computeIfAbsent(line.pipeline(), name -> new Object())) {
            try {
                Files.createDirectories(folder);
                Files.writeString(file(line.pipeline()), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                failing.remove(line.pipeline());
            } catch (IOException e) {
                if (failing.add(line.pipeline())) {
                    LOG.warn("Log file {} of pipeline {} cannot be written: {}", file(line.pipeline()), line.pipeline(),
                            e.toString());
                }
            }
        }
    }
}

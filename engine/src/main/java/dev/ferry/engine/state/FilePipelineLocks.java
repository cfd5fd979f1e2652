package dev.ferry.engine.state;

import dev.ferry.api.FerryException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Run locks of a SQLite state store: operating-system locks on one byte per pipeline of a file
 * beside the database ({@code state.db.run-lock}). The kernel drops them when the process dies,
 * by SIGKILL or a crash as well.
 *
 * <p>POSIX drops every lock a process holds on a file when any descriptor of that file closes, and
 * a JVM refuses a second lock on a range it already holds. So each lock file is opened once per JVM
 * and shared by every store on it, and it is closed only when none of its locks is held.
 */
final class FilePipelineLocks implements PipelineLocks {
    /** Open lock files of this JVM by absolute path; guarded by itself. */
    private static final Map<Path, OpenFile> OPEN = new HashMap<>();

    private final Path file;
    private final Set<Held> held = new HashSet<>();

    FilePipelineLocks(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The lock file of the SQLite database at {@code database}. */
    static Path besideDatabase(Path database) {
        return database.resolveSibling(database.getFileName() + ".run-lock");
    }

    @Override
    public Optional<PipelineLock> tryLock(String pipeline) {
        long slot = PipelineLocks.slot(pipeline);
        synchronized (OPEN) {
            OpenFile open = OPEN.get(file);
            if (open == null) {
                open = new OpenFile(openChannel());
                OPEN.put(file, open);
            }
            if (open.locks.containsKey(slot)) {
                return Optional.empty();
            }
            FileLock lock;
            try {
                lock = open.channel.tryLock(slot, 1, false);
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            } catch (IOException e) {
                closeIfUnused(open);
                throw new FerryException("Run lock file " + file + " cannot be locked: " + e.getMessage(), e);
            }
            if (lock == null) {
                closeIfUnused(open);
                return Optional.empty();
            }
            open.locks.put(slot, lock);
            Held handle = new Held(pipeline, slot);
            held.add(handle);
            return Optional.of(handle);
        }
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            for (Held handle : Set.copyOf(held)) {
                handle.close();
            }
        }
    }

    private FileChannel openChannel() {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new FerryException("Run lock file " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private void closeIfUnused(OpenFile open) {
        if (open.locks.isEmpty()) {
            OPEN.remove(file);
            try {
                open.channel.close();
            } catch (IOException ignored) {
                // nothing is locked through it; the descriptor goes with the process at the latest
            }
        }
    }

    private record OpenFile(FileChannel channel, Map<Long, FileLock> locks) {
        OpenFile(FileChannel channel) {
            this(channel, new HashMap<>());
        }
    }

    private final class Held implements PipelineLock {
        private final String pipeline;
        private final long slot;

        Held(String pipeline, long slot) {
            this.pipeline = pipeline;
            this.slot = slot;
        }

        @Override
        public String pipeline() {
            return pipeline;
        }

        @Override
        public void close() {
            synchronized (OPEN) {
                if (!held.remove(this)) {
                    return;
                }
                OpenFile open = OPEN.get(file);
                FileLock lock = open == null ? null : open.locks.remove(slot);
                try {
                    if (lock != null && lock.isValid()) {
                        lock.release();
                    }
                } catch (IOException ignored) {
                    // closing the channel below releases it as well
                } finally {
                    if (open != null) {
                        closeIfUnused(open);
                    }
                }
            }
        }
    }
}

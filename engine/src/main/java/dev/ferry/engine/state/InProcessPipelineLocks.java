package dev.ferry.engine.state;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Run locks of an in-memory SQLite state store, which no other process can open: a set of the
 * pipelines running in this store.
 */
final class InProcessPipelineLocks implements PipelineLocks {
    private final Set<String> running = new HashSet<>();

    @Override
    public synchronized Optional<PipelineLock> tryLock(String pipeline) {
        if (!running.add(pipeline)) {
            return Optional.empty();
        }
        return Optional.of(new PipelineLock() {
            private boolean open = true;

            @Override
            public String pipeline() {
                return pipeline;
            }

            @Override
            public void close() {
                synchronized (InProcessPipelineLocks.this) {
                    if (open) {
                        open = false;
                        running.remove(pipeline);
                    }
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        running.clear();
    }
}

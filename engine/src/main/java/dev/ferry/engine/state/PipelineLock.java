package dev.ferry.engine.state;

/**
 * The right to run one pipeline, held from {@link StateStore#tryLockPipeline} until closed. The
 * operating system or the database drops it when its process dies, however it dies, so a killed
 * run never leaves its pipeline locked. Closing is idempotent.
 */
public interface PipelineLock extends AutoCloseable {

    /** The pipeline this lock is for. */
    String pipeline();

    @Override
    void close();
}

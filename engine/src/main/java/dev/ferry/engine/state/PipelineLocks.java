package dev.ferry.engine.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** How a state store's engine keeps one run per pipeline; each lock dies with the process holding it. */
interface PipelineLocks extends AutoCloseable {

    /** The pipeline's lock, or empty at once when another holder (another process, or this one) has it. */
    Optional<PipelineLock> tryLock(String pipeline);

    /** Releases every lock still held through this object. */
    @Override
    void close();

    /** A stable 62-bit number for a pipeline name: a lock file's byte offset, an advisory lock's key. */
    static long slot(String pipeline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ferry pipeline " + pipeline).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package dev.ferry.engine.state;

import java.util.Objects;

/** Identifies one stream of one pipeline in the state store. */
public record StreamKey(String pipeline, String stream) {
    public StreamKey {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stream, "stream");
    }
}

package dev.ferry.server.schedule;

import java.util.Objects;

/**
 * What the scheduler keeps with a queued run that something asked for: the upstream trigger
 * endpoint or a succeeded run of a pipeline listed in {@code after:}.
 *
 * @param pipeline the pipeline to run
 * @param trigger  what asked, as the run records it: {@code trigger:<token name>} or {@code after:<pipeline>}
 * @param attempt  0 for the first try, n for the n-th retry
 */
public record TriggerState(String pipeline, String trigger, int attempt) {
    public TriggerState {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(trigger, "trigger");
    }
}

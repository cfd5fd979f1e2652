package dev.ferry.cli;

import dev.ferry.engine.run.RunControl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGTERM and Ctrl+C (SIGINT) into a graceful stop of the current run instead of an abrupt
 * exit, so the batch being written is finished and its state committed. A second Ctrl+C exits at
 * once; nothing is lost then either, the next run replays from the last committed checkpoint.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void install(RunControl control, Runnable onFirstSignal) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (received.incrementAndGet() > 1) {
                        Runtime.getRuntime().halt(130);
                    }
                    onFirstSignal.run();
                    control.requestStop();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Some platforms reserve a signal; the default behaviour (exit) then stays, which is still safe.
            }
        }
    }
}

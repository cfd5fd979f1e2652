package dev.ferry.cli;

import dev.ferry.engine.run.RunControl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGTERM and Ctrl+C (SIGINT) into a graceful stop instead of an abrupt exit: a run finishes
 * the batch being written and commits its state; a server also stops taking requests first. A
 * second signal exits at once; nothing is lost then either, the next run replays from the last
 * committed checkpoint.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Stops {@code control}'s run on the first signal, after {@code onFirstSignal} (a message). */
    static void install(RunControl control, Runnable onFirstSignal) {
        onFirstSignal(() -> {
            onFirstSignal.run();
            control.requestStop();
        });
    }

    /**
     * Calls {@code stop} on a thread of its own at the first signal, so a slow stop (a server waiting
     * for its runs to commit) never blocks the signal handler and a second signal still exits.
     */
    static void inBackground(Runnable stop) {
        onFirstSignal(() -> Thread.ofPlatform().name("ferry-stop").start(stop));
    }

    private static void onFirstSignal(Runnable action) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (received.incrementAndGet() > 1) {
                        Runtime.getRuntime().halt(130);
                    }
                    action.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Some platforms reserve a signal; the default behaviour (exit) then stays, which is still safe.
            }
        }
    }
}

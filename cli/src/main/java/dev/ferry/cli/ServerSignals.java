package dev.ferry.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and Ctrl+C stop a server gracefully, on a thread of their own: no new requests, running
 * runs commit at a batch boundary. A second signal exits at once; the next run replays from the last
 * committed checkpoint, so nothing is lost then either.
 */
final class ServerSignals {
    private ServerSignals() {
    }

    static void install(Runnable stop) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (received.incrementAndGet() > 1) {
                        Runtime.getRuntime().halt(130);
                    }
                    Thread.ofPlatform().name("ferry-stop").start(stop);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // A platform that reserves the signal keeps its default: exit. Runs then replay from their checkpoint.
            }
        }
    }
}

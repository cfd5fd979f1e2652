package dev.ferry.testkit.saas;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The faults armed by a test, each used up by the requests it matches, first armed first. */
final class FaultInjector {

    private static final class Armed {
        final Fault fault;
        int remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    synchronized void add(Fault fault) {
        armed.add(new Armed(fault));
    }

    synchronized void clear() {
        armed.clear();
    }

    synchronized Optional<Fault> take(String method, String route, String path) {
        for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
            Armed candidate = it.next();
            if (candidate.fault.matches(method, route, path)) {
                if (--candidate.remaining == 0) {
                    it.remove();
                }
                return Optional.of(candidate.fault);
            }
        }
        return Optional.empty();
    }
}

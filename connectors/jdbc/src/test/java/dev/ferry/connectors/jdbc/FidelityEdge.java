package dev.ferry.connectors.jdbc;

import java.util.EnumSet;
import java.util.Set;

/**
 * A value at the edge of what engines hold (an infinity, a date before the common era, a decimal
 * NaN, more digits than a double keeps), moved in a table of its own so that a target that cannot
 * hold it fails only this cell. The matrix's rule ({@link FidelityRule}) holds for every cell: the
 * value arrives exactly, or its row is refused with the table, column and key named.
 *
 * @param probe     the column on the engines that have it, with exactly one value
 * @param refusedBy the targets that cannot hold the value, so must refuse its row; every other
 *                  target must keep it exactly
 */
record FidelityEdge(FidelityProbe probe, Set<FidelityTarget> refusedBy) {

    FidelityEdge {
        if (probe.values().size() != 1) {
            throw new IllegalArgumentException(probe.name() + ": an edge holds one value");
        }
        refusedBy = refusedBy.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(refusedBy));
    }

    String name() {
        return probe.name();
    }

    boolean existsOn(FidelityEngine engine) {
        return probe.existsOn(engine);
    }

    boolean isRefusedBy(FidelityTarget target) {
        return refusedBy.contains(target);
    }

    /** The value Ferry reads from {@code source}. */
    Object readFrom(FidelityEngine source) {
        return probe.readFrom(source, 0);
    }

    /** The source table that holds this edge alone. */
    String table() {
        return "edge_" + name().replaceFirst("^c_", "");
    }
}

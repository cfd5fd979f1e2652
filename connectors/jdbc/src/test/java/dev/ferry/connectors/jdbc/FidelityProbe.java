package dev.ferry.connectors.jdbc;

import dev.ferry.api.ColumnType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One column of the type fidelity matrix: its values (one per row, in the engine-neutral form a
 * reader expects them), and for each engine that has such a type, the native declaration, the
 * neutral type Ferry reads it as, the text (or bytes) a native insert binds, and the value Ferry
 * reads back from the source.
 *
 * @param name    the column name on every engine
 * @param values  the logical value of each row but the all-NULL one
 * @param natives per engine that has the type; an engine missing here has no such column
 */
record FidelityProbe(String name, List<Object> values, Map<FidelityEngine, Native> natives) {

    /**
     * @param ddl   the native type in CREATE TABLE
     * @param type  the neutral type Ferry reads the native type as
     * @param input the parameter a native insert binds for a value: a String, or byte[] for binary columns
     * @param read  the value Ferry reads back from the source for a value
     * @param own   this engine's own values instead of the probe's, where it cannot hold those; null if none
     */
    record Native(String ddl, ColumnType type, Function<Object, Object> input, Function<Object, Object> read, List<Object> own) {
    }

    FidelityProbe {
        values = List.copyOf(values);
        natives = Map.copyOf(natives);
    }

    /** A column of the same neutral type on every engine, bound as the value's text and read back unchanged. */
    static FidelityProbe of(String name, ColumnType type, String postgres, String mariadb, String sqlite, Object... values) {
        Map<FidelityEngine, Native> natives = new EnumMap<>(FidelityEngine.class);
        natives.put(FidelityEngine.POSTGRESQL, new Native(postgres, type, Object::toString, Function.identity(), null));
        natives.put(FidelityEngine.MARIADB, new Native(mariadb, type, Object::toString, Function.identity(), null));
        natives.put(FidelityEngine.SQLITE, new Native(sqlite, type, Object::toString, Function.identity(), null));
        return new FidelityProbe(name, Arrays.asList(values), natives);
    }

    /** Only on the given engines; {@link #of} with null native types for the others is not needed then. */
    FidelityProbe onlyOn(FidelityEngine... engines) {
        Map<FidelityEngine, Native> kept = new EnumMap<>(FidelityEngine.class);
        for (FidelityEngine engine : engines) {
            kept.put(engine, natives.get(engine));
        }
        return new FidelityProbe(name, values, kept);
    }

    /** Every engine binds {@code input} of a value. */
    FidelityProbe input(Function<Object, Object> input) {
        Map<FidelityEngine, Native> changed = new EnumMap<>(FidelityEngine.class);
        natives.forEach((engine, n) -> changed.put(engine, new Native(n.ddl(), n.type(), input, n.read(), n.own())));
        return new FidelityProbe(name, values, changed);
    }

    /** {@code engine} reads the type as {@code type}, a value as {@code read} of it. */
    FidelityProbe readOn(FidelityEngine engine, ColumnType type, Function<Object, Object> read) {
        Map<FidelityEngine, Native> changed = new EnumMap<>(natives);
        Native n = natives.get(engine);
        changed.put(engine, new Native(n.ddl(), type, n.input(), read, n.own()));
        return new FidelityProbe(name, values, changed);
    }

    /** {@code engine} binds {@code input} of a value. */
    FidelityProbe inputOn(FidelityEngine engine, Function<Object, Object> input) {
        Map<FidelityEngine, Native> changed = new EnumMap<>(natives);
        Native n = natives.get(engine);
        changed.put(engine, new Native(n.ddl(), n.type(), input, n.read(), n.own()));
        return new FidelityProbe(name, values, changed);
    }

    /** {@code engine} holds {@code own} values instead of the probe's. */
    FidelityProbe valuesOn(FidelityEngine engine, Object... own) {
        Map<FidelityEngine, Native> changed = new EnumMap<>(natives);
        Native n = natives.get(engine);
        changed.put(engine, new Native(n.ddl(), n.type(), n.input(), n.read(), List.of(own)));
        return new FidelityProbe(name, values, changed);
    }

    /** This probe as an edge of the matrix, refused by {@code targets} and kept exactly by every other. */
    FidelityEdge refusedBy(FidelityTarget... targets) {
        return new FidelityEdge(this, Set.of(targets));
    }

    /** This probe as an edge of the matrix, refused by {@code targets} and kept exactly by every other. */
    FidelityEdge refusedBy(Set<FidelityTarget> targets) {
        return new FidelityEdge(this, targets);
    }

    /** The logical values of the rows on {@code engine}. */
    List<Object> valuesOn(FidelityEngine engine) {
        List<Object> own = on(engine).own();
        return own != null ? own : values;
    }

    boolean existsOn(FidelityEngine engine) {
        return natives.containsKey(engine);
    }

    Native on(FidelityEngine engine) {
        return natives.get(engine);
    }

    /** Whether the native insert binds bytes rather than text. */
    boolean isBinary() {
        return natives.values().iterator().next().type() == ColumnType.BINARY;
    }

    /** The value Ferry reads from {@code source} for row {@code row}, null for the all-NULL row. */
    Object readFrom(FidelityEngine source, int row) {
        return row < values.size() ? on(source).read().apply(valuesOn(source).get(row)) : null;
    }

    /**
     * The value a table Ferry created on {@code target} holds after the trip. Instants arrive in
     * UTC everywhere (no engine but SQLite text keeps an offset, and Ferry writes SQLite in UTC);
     * MariaDB keeps them as UTC date-times without a zone. Infinities ({@code OffsetDateTime.MAX}
     * and {@code MIN}) arrive as themselves where they arrive at all. Decimals arrive exactly
     * everywhere: SQLite refuses those its numbers cannot give back.
     */
    static Object arrivedAt(FidelityEngine target, Object read) {
        if (read instanceof OffsetDateTime instant && !instant.equals(OffsetDateTime.MAX) && !instant.equals(OffsetDateTime.MIN)) {
            OffsetDateTime utc = instant.withOffsetSameInstant(ZoneOffset.UTC);
            return target == FidelityEngine.MARIADB ? utc.toLocalDateTime() : utc;
        }
        return read;
    }
}

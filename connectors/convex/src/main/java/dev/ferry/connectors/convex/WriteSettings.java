package dev.ferry.connectors.convex;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a Convex connection writes, from its {@code properties:}:
 * <ul>
 *   <li>{@code write}: {@code import} (the default: the streaming import API, with the deploy key) or
 *       {@code mutation} (the user's own functions through the HTTP functions API).</li>
 *   <li>{@code auth_key}: for {@code write: mutation}, required: the key the functions check (a
 *       secret: {@code ${env:NAME}} or {@code ${file:PATH}}).</li>
 *   <li>{@code upsert_function}, {@code delete_function}: the mutations called, default
 *       {@code sync:upsertBatch} and {@code sync:deleteBatch} (the shipped {@code sync.ts}).</li>
 *   <li>{@code batch_rows}: records per call, 1 to 4,096, default 1,000.</li>
 *   <li>{@code integers}: {@code number} (default: a float64, exact up to 2^53, what {@code v.number()}
 *       fields hold) or {@code int64} (Convex's int64, exact over the whole range, for
 *       {@code v.int64()} fields).</li>
 *   <li>{@code nulls}: {@code null} (default: a SQL NULL is stored as Convex's null) or {@code omit}
 *       (the field is left out, what {@code v.optional(...)} fields expect).</li>
 * </ul>
 * Anything else is refused, naming the connection and the properties it knows, so a misspelt
 * property never falls back silently to a default.
 *
 * @param mutation    whether writes go through the user's mutations
 * @param functions   the mutation path's settings; null for the import path
 */
record WriteSettings(boolean mutation, MutationSettings functions) {
    static final String WRITE = "write";
    static final String AUTH_KEY = "auth_key";
    static final String UPSERT_FUNCTION = "upsert_function";
    static final String DELETE_FUNCTION = "delete_function";
    static final String BATCH_ROWS = "batch_rows";
    static final String INTEGERS = "integers";
    static final String NULLS = "nulls";
    private static final List<String> KNOWN = List.of(WRITE, AUTH_KEY, UPSERT_FUNCTION, DELETE_FUNCTION, BATCH_ROWS,
            INTEGERS, NULLS);
    private static final List<String> MUTATION_ONLY = List.of(AUTH_KEY, UPSERT_FUNCTION, DELETE_FUNCTION, BATCH_ROWS,
            INTEGERS, NULLS);

    /** The connection's write settings; throws naming the connection and property when one is not valid. */
    static WriteSettings of(ConnectionSpec spec) {
        Map<String, String> properties = new LinkedHashMap<>(spec.properties());
        String where = "Convex connection " + spec.name() + ", properties.";
        for (String name : properties.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new FerryException(where + name + ": not a Convex property; they are " + String.join(", ", KNOWN));
            }
        }
        String write = properties.getOrDefault(WRITE, "import").strip().toLowerCase(Locale.ROOT);
        if (write.equals("import")) {
            for (String name : MUTATION_ONLY) {
                if (properties.containsKey(name)) {
                    throw new FerryException(where + name + " is used only with write: mutation; this connection writes "
                            + "through the streaming import (write: import, the default)");
                }
            }
            return new WriteSettings(false, null);
        }
        if (!write.equals("mutation")) {
            throw new FerryException(where + WRITE + " must be import (the streaming import API, with the deploy key) or "
                    + "mutation (your own functions, such as the shipped sync.ts), not '" + properties.get(WRITE) + "'");
        }
        String authKey = properties.get(AUTH_KEY);
        if (authKey == null || authKey.isEmpty()) {
            throw new FerryException(where + AUTH_KEY + " is required with write: mutation: the key your functions check, "
                    + "as auth_key: ${env:NAME} (the value of the deployment's FERRY_SYNC_AUTH_KEY)");
        }
        MutationSettings functions = new MutationSettings(
                functionPath(where, UPSERT_FUNCTION, properties.getOrDefault(UPSERT_FUNCTION, MutationSettings.UPSERT)),
                functionPath(where, DELETE_FUNCTION, properties.getOrDefault(DELETE_FUNCTION, MutationSettings.DELETE)),
                authKey, batchRows(where, properties.get(BATCH_ROWS)), MutationSettings.ARGUMENT_BYTES,
                choice(where, INTEGERS, properties.get(INTEGERS), "number", "int64").equals("int64"),
                choice(where, NULLS, properties.get(NULLS), "null", "omit").equals("omit"));
        return new WriteSettings(true, functions);
    }

    /** {@code module:function}, with modules in folders as {@code folder/module:function}. */
    private static String functionPath(String where, String property, String value) {
        String path = value.strip();
        if (!path.matches("[A-Za-z0-9_][A-Za-z0-9_./-]*:[A-Za-z_][A-Za-z0-9_]*")) {
            throw new FerryException(where + property + " must name a mutation as module:function, such as "
                    + "sync:upsertBatch (the file convex/sync.ts, its export upsertBatch), not '" + value + "'");
        }
        return path;
    }

    private static int batchRows(String where, String value) {
        if (value == null) {
            return MutationSettings.DEFAULT_BATCH_ROWS;
        }
        try {
            int rows = Integer.parseInt(value.strip());
            if (rows >= 1 && rows <= MutationSettings.MAX_BATCH_ROWS) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FerryException(where + BATCH_ROWS + " must be a whole number from 1 to " + MutationSettings.MAX_BATCH_ROWS
                + " (each record's key lookup is one of the " + MutationSettings.MAX_BATCH_ROWS
                + " index ranges a Convex transaction may read), not '" + value + "'");
    }

    private static String choice(String where, String property, String value, String fallback, String other) {
        if (value == null) {
            return fallback;
        }
        String chosen = value.strip().toLowerCase(Locale.ROOT);
        if (chosen.equals(fallback) || chosen.equals(other)) {
            return chosen;
        }
        throw new FerryException(where + property + " must be " + fallback + " or " + other + ", not '" + value + "'");
    }
}

package dev.ferry.testkit.convex;

import java.util.function.Supplier;

/**
 * The built-in {@code sync:upsertBatch} and {@code sync:deleteBatch} mutations, the fake's model of
 * the functions users copy into their Convex project for Ferry's mutation path:
 * <ul>
 *   <li>{@code sync:upsertBatch({authKey, table, keyField, records})}: for each record, looks up a
 *       document whose {@code keyField} equals the record's (an index lookup) and replaces it
 *       whole, or inserts the record. Returns {@code {inserted, updated}} (float64 counts).</li>
 *   <li>{@code sync:deleteBatch({authKey, table, keyField, keys})}: deletes the document of each
 *       key; unknown keys are ignored. Returns {@code {deleted}}.</li>
 * </ul>
 * Both refuse a wrong {@code authKey} with the error "Unauthorized: invalid authKey". The argument
 * names are the fake's choice; the shipped TypeScript functions must take the same.
 */
final class SyncBatchFunctions {

    static final String UPSERT = "sync:upsertBatch";
    static final String DELETE = "sync:deleteBatch";

    private final Supplier<String> authKey;

    SyncBatchFunctions(Supplier<String> authKey) {
        this.authKey = authKey;
    }

    ConvexValue upsert(ConvexValue.Obj args, FunctionTransaction transaction) {
        checkAuth(args);
        String table = stringArg(args, "table");
        String keyField = stringArg(args, "keyField");
        int inserted = 0;
        int updated = 0;
        int index = 0;
        for (ConvexValue element : arrayArg(args, "records").elements()) {
            if (!(element instanceof ConvexValue.Obj record)) {
                throw new ConvexFunctionError("records[" + index + "] must be an object, got " + element);
            }
            ConvexValue key = record.get(keyField);
            if (key == null) {
                throw new ConvexFunctionError("records[" + index + "] lacks key field " + keyField + " (table " + table + ")");
            }
            String id = transaction.findIdBy(table, keyField, key);
            if (id == null) {
                transaction.insert(table, record);
                inserted++;
            } else {
                transaction.replace(table, id, record);
                updated++;
            }
            index++;
        }
        return ConvexValue.object("inserted", ConvexValue.float64(inserted), "updated", ConvexValue.float64(updated));
    }

    ConvexValue delete(ConvexValue.Obj args, FunctionTransaction transaction) {
        checkAuth(args);
        String table = stringArg(args, "table");
        String keyField = stringArg(args, "keyField");
        int deleted = 0;
        for (ConvexValue key : arrayArg(args, "keys").elements()) {
            String id = transaction.findIdBy(table, keyField, key);
            if (id != null) {
                transaction.delete(table, id);
                deleted++;
            }
        }
        return ConvexValue.object("deleted", ConvexValue.float64(deleted));
    }

    private void checkAuth(ConvexValue.Obj args) {
        if (!(args.get("authKey") instanceof ConvexValue.Str given) || !given.value().equals(authKey.get())) {
            throw new ConvexFunctionError("Unauthorized: invalid authKey");
        }
    }

    private static String stringArg(ConvexValue.Obj args, String name) {
        if (args.get(name) instanceof ConvexValue.Str value) {
            return value.value();
        }
        throw new ConvexFunctionError("Argument " + name + " must be a string, got " + args.get(name));
    }

    private static ConvexValue.Array arrayArg(ConvexValue.Obj args, String name) {
        if (args.get(name) instanceof ConvexValue.Array value) {
            return value;
        }
        throw new ConvexFunctionError("Argument " + name + " must be an array, got " + args.get(name));
    }
}

package dev.ferry.testkit.convex;

import java.util.List;
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
 * Both refuse a wrong {@code authKey} with the error "Unauthorized: invalid authKey", every call
 * while the key is unset (the deployment's {@code FERRY_SYNC_AUTH_KEY}), and tables whose names
 * start with {@code _} (Convex's system tables). Their arguments are validated as the shipped
 * functions' validators do: all required, none extra. The argument names are the fake's choice;
 * the shipped TypeScript functions ({@code connectors/convex/functions/convex/sync.ts}) take the
 * same, and the cases both are tested with ({@code functions/test/cases.json}) prove they agree.
 */
final class SyncBatchFunctions {

    static final String UPSERT = "sync:upsertBatch";
    static final String DELETE = "sync:deleteBatch";
    static final String AUTH_KEY_VARIABLE = "FERRY_SYNC_AUTH_KEY";

    private static final ArgumentValidator UPSERT_ARGS = ArgumentValidator.of("authKey", ArgumentValidator.Type.STRING,
            "table", ArgumentValidator.Type.STRING, "keyField", ArgumentValidator.Type.STRING,
            "records", ArgumentValidator.Type.ARRAY_OF_ANY);
    private static final ArgumentValidator DELETE_ARGS = ArgumentValidator.of("authKey", ArgumentValidator.Type.STRING,
            "table", ArgumentValidator.Type.STRING, "keyField", ArgumentValidator.Type.STRING,
            "keys", ArgumentValidator.Type.ARRAY_OF_ANY);

    private final Supplier<String> authKey;

    SyncBatchFunctions(Supplier<String> authKey) {
        this.authKey = authKey;
    }

    ConvexValue upsert(ConvexValue.Obj args, FunctionTransaction transaction) {
        UPSERT_ARGS.check(args);
        checkAuth(args);
        String table = userTable(args);
        String keyField = string(args, "keyField");
        int inserted = 0;
        int updated = 0;
        int index = 0;
        for (ConvexValue element : array(args, "records")) {
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
        DELETE_ARGS.check(args);
        checkAuth(args);
        String table = userTable(args);
        String keyField = string(args, "keyField");
        int deleted = 0;
        for (ConvexValue key : array(args, "keys")) {
            String id = transaction.findIdBy(table, keyField, key);
            if (id != null) {
                transaction.delete(table, id);
                deleted++;
            }
        }
        return ConvexValue.object("deleted", ConvexValue.float64(deleted));
    }

    /** An unset key refuses every call, as the shipped functions do, saying how to set it. */
    private void checkAuth(ConvexValue.Obj args) {
        String expected = authKey.get();
        if (expected == null || expected.isEmpty()) {
            throw new ConvexFunctionError("Unauthorized: " + AUTH_KEY_VARIABLE + " is not set on this deployment; set it with `npx convex env set "
                    + AUTH_KEY_VARIABLE + " <the authKey in Ferry's connection>`");
        }
        if (!string(args, "authKey").equals(expected)) {
            throw new ConvexFunctionError("Unauthorized: invalid authKey");
        }
    }

    private static String userTable(ConvexValue.Obj args) {
        String table = string(args, "table");
        if (table.startsWith("_")) {
            throw new ConvexFunctionError("Refusing table " + table + ": names starting with \"_\" are Convex system tables");
        }
        return table;
    }

    /** An argument the validator has checked to be a string. */
    private static String string(ConvexValue.Obj args, String name) {
        return ((ConvexValue.Str) args.get(name)).value();
    }

    /** An argument the validator has checked to be an array. */
    private static List<ConvexValue> array(ConvexValue.Obj args, String name) {
        return ((ConvexValue.Array) args.get(name)).elements();
    }
}

// Ferry's Convex functions: copy this file into your project's `convex/` folder as `sync.ts`.
// Ferry's "write: mutation" mode calls them over Convex's HTTP API as `sync:upsertBatch` and
// `sync:deleteBatch`; the names and argument shapes are fixed, so keep both.
//
// Each synced table needs an index named `ferry_by_<keyField>` on that one field in your
// schema.ts, e.g. `.index("ferry_by_id", ["id"])`: every record is looked up through it. (Not
// `by_id`: Convex reserves that name, and `by_creation_time`, for its built-in indexes.)
//
// The functions are built with `mutationGeneric` rather than `./_generated/server`, so the file
// compiles as it is, in any project, before `npx convex dev` has generated its code: Ferry decides
// the table at run time, so a typed data model would not help here anyway.

import { mutationGeneric } from "convex/server";
import { v } from "convex/values";
import type { GenericDatabaseWriter, GenericDataModel } from "convex/server";
import type { GenericId, Value } from "convex/values";

// Convex passes deployment environment variables on `process.env`. Declared locally so the file
// type-checks without Node's types; projects that have them keep theirs (this only shadows them here).
declare const process: { env: Record<string, string | undefined> };

const AUTH_KEY_VARIABLE = "FERRY_SYNC_AUTH_KEY";

// The tables are only known at run time, so documents are typed generically and ids are cast.
type Database = GenericDatabaseWriter<GenericDataModel>;

/**
 * Inserts or replaces each record, in order, by its `keyField` value. A replace writes the whole
 * record, so fields the new record lacks disappear, as in the source. A key repeated in one
 * batch lands on one document holding its last record.
 */
export const upsertBatch = mutationGeneric({
  args: {
    authKey: v.string(),
    table: v.string(),
    keyField: v.string(),
    records: v.array(v.any()),
  },
  returns: v.object({ inserted: v.number(), updated: v.number() }),
  handler: async (ctx, { authKey, table, keyField, records }) => {
    requireAuthorized(authKey);
    requireUserTable(table);
    let inserted = 0;
    let updated = 0;
    for (let index = 0; index < records.length; index++) {
      const record: unknown = records[index];
      if (!isPlainObject(record)) {
        throw new Error(`records[${index}] must be an object, got ${describe(record)}`);
      }
      const key = record[keyField];
      if (key === undefined) {
        throw new Error(`records[${index}] lacks key field ${keyField} (table ${table})`);
      }
      const existing = await findByKey(ctx.db, table, keyField, key as Value);
      if (existing === null) {
        await ctx.db.insert(table, record);
        inserted++;
      } else {
        // The id-only form of replace works with every Convex version a project may have.
        await ctx.db.replace(existing._id as GenericId<string>, record);
        updated++;
      }
    }
    return { inserted, updated };
  },
});

/** Deletes the document of each key; keys without a document are ignored (already deleted). */
export const deleteBatch = mutationGeneric({
  args: {
    authKey: v.string(),
    table: v.string(),
    keyField: v.string(),
    keys: v.array(v.any()),
  },
  returns: v.object({ deleted: v.number() }),
  handler: async (ctx, { authKey, table, keyField, keys }) => {
    requireAuthorized(authKey);
    requireUserTable(table);
    let deleted = 0;
    for (const key of keys) {
      const existing = await findByKey(ctx.db, table, keyField, key);
      if (existing !== null) {
        await ctx.db.delete(existing._id as GenericId<string>);
        deleted++;
      }
    }
    return { deleted };
  },
});

/** The document whose `keyField` equals `key`; `.unique()` fails if the key is not unique. */
function findByKey(db: Database, table: string, keyField: string, key: Value) {
  return db
    .query(table)
    .withIndex(keyIndexName(keyField), (q) => q.eq(keyField, key))
    .unique();
}

function keyIndexName(keyField: string): string {
  return `ferry_by_${keyField}`;
}

// These functions are public (callable by anyone who knows the deployment URL), so they demand
// the shared key Ferry is configured with. An unset key refuses every call rather than none.
function requireAuthorized(authKey: string) {
  const expected = process.env[AUTH_KEY_VARIABLE];
  if (expected === undefined || expected === "") {
    throw new Error(
      `Unauthorized: ${AUTH_KEY_VARIABLE} is not set on this deployment; ` +
        `set it with \`npx convex env set ${AUTH_KEY_VARIABLE} <the authKey in Ferry's connection>\``,
    );
  }
  if (authKey !== expected) {
    throw new Error("Unauthorized: invalid authKey");
  }
}

// Names starting with "_" belong to Convex's system tables, which user code must not write.
function requireUserTable(table: string) {
  if (table.startsWith("_")) {
    throw new Error(`Refusing table ${table}: names starting with "_" are Convex system tables`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof ArrayBuffer);
}

function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (value instanceof ArrayBuffer) {
    return "bytes";
  }
  return typeof value;
}

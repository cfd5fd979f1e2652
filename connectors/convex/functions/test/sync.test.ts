// Runs cases.json against the shipped convex/sync.ts on convex-test, Convex's mock backend.
import { convexTest } from "convex-test";
import { anyApi, defineSchema, defineTable } from "convex/server";
import type { FunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, v } from "convex/values";
import type { JSONValue, Value } from "convex/values";
import { afterEach, describe, expect, test } from "vitest";
import { readCases } from "./cases";
import type { Case, Documents } from "./cases";

// convex-test resolves "sync:upsertBatch" against the folder holding a `_generated` module; this
// package has no generated code, so an empty stand-in marks the folder.
const modules = {
  "../convex/sync.ts": () => import("../convex/sync"),
  "../convex/_generated/api.ts": async () => ({}),
};

const functions: Record<string, FunctionReference<"mutation">> = {
  "sync:upsertBatch": anyApi.sync.upsertBatch,
  "sync:deleteBatch": anyApi.sync.deleteBatch,
};

const { defaultEnv, cases } = readCases();
const savedEnv = { ...process.env };

afterEach(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in savedEnv)) {
      delete process.env[name];
    }
  }
  Object.assign(process.env, savedEnv);
});

describe("sync functions", () => {
  for (const testCase of cases) {
    test(testCase.name, async () => {
      setEnv(testCase.env ?? defaultEnv);
      const t = convexTest(schemaFor(testCase), modules);
      for (const [table, documents] of Object.entries(testCase.tables ?? {})) {
        await t.run(async (ctx) => {
          for (const document of documents) {
            await ctx.db.insert(table, jsonToConvex(document) as Record<string, Value>);
          }
        });
      }
      for (const [index, call] of testCase.calls.entries()) {
        const where = `call ${index} (${call.function})`;
        const run = t.mutation(functions[call.function], jsonToConvex(call.args) as Record<string, Value>);
        if (call.error !== undefined) {
          await expect(run, where).rejects.toThrow(call.error);
        } else {
          expect(convexToJson((await run) as Value), where).toEqual(call.returns);
        }
      }
      for (const [table, expected] of Object.entries(testCase.expected ?? {})) {
        const documents = await t.run((ctx) => ctx.db.query(table).collect());
        const actual = documents.map(({ _id, _creationTime, ...fields }) => convexToJson(fields as Value));
        expect(sorted(actual), `table ${table}`).toEqual(sorted(expected.map(normalized)));
      }
    });
  }
});

function setEnv(env: Record<string, string>) {
  delete process.env.FERRY_SYNC_AUTH_KEY;
  Object.assign(process.env, env);
}

/** Every table the case names, with the documented ferry_by_<keyField> index for each key field its calls use. */
function schemaFor(testCase: Case) {
  const keyFields = new Map<string, Set<string>>();
  const tableNames = [
    ...Object.keys(testCase.tables ?? {}),
    ...Object.keys(testCase.expected ?? {}),
    ...testCase.calls.map((call) => String(call.args.table)),
  ];
  for (const table of tableNames) {
    if (!table.startsWith("_")) {
      keyFields.set(table, keyFields.get(table) ?? new Set());
    }
  }
  for (const call of testCase.calls) {
    keyFields.get(String(call.args.table))?.add(String(call.args.keyField));
  }
  const tables = Object.fromEntries(
    [...keyFields].map(([table, fields]) => {
      let definition = defineTable(v.any());
      for (const field of fields) {
        definition = definition.index(`ferry_by_${field}`, [field]);
      }
      return [table, definition];
    }),
  );
  return defineSchema(tables, { schemaValidation: false });
}

/** Documents in a stable order, so a table compares as a set of documents. */
function sorted(documents: JSONValue[]): JSONValue[] {
  return [...documents].sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

function canonical(value: JSONValue): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const fields = Object.keys(value).sort().map((name) => `${JSON.stringify(name)}:${canonical(value[name])}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The file's encoding of a value as convexToJson writes it (same value, same base64). */
function normalized(value: JSONValue): JSONValue {
  return convexToJson(jsonToConvex(value));
}

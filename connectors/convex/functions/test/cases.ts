// The shape of cases.json, which the fake Convex deployment's Java test reads too.
import { readFileSync } from "node:fs";
import type { JSONValue } from "convex/values";

export type Documents = Record<string, JSONValue[]>;

export interface Call {
  function: "sync:upsertBatch" | "sync:deleteBatch";
  args: Record<string, JSONValue>;
  returns?: JSONValue;
  error?: string;
}

export interface Case {
  name: string;
  env?: Record<string, string>;
  tables?: Documents;
  calls: Call[];
  expected?: Documents;
}

export interface Cases {
  defaultEnv: Record<string, string>;
  cases: Case[];
}

export function readCases(): Cases {
  return JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8")) as Cases;
}

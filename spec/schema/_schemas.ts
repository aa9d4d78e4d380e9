// Hand-made Standard Schemas for the schema specs: no zod or valibot, just the
// v1 interface written out (a sync number check, a user object, an async one).

import type { StandardIssue, StandardResult, StandardSchema } from "../../src/schema/index.js";

/** A sync Standard Schema from a check that lists the issues of a value (none: valid). */
export function schemaOf<O>(check: (v: unknown) => StandardIssue[], vendor = "spec"): StandardSchema<unknown, O> & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    "~standard": {
      version: 1,
      vendor,
      validate: (v): StandardResult<O> => {
        calls.push(v);
        const issues = check(v);
        return issues.length === 0 ? { value: v as O } : { issues };
      },
    },
  };
}

/** Accept every number: decode's sync and async paths with nothing rejected (the operator-rule checks). */
export const anyNumber = schemaOf<number>(() => []);
export const anyNumberAsync: StandardSchema<unknown, number> = {
  "~standard": { version: 1, vendor: "spec", validate: async (v) => ({ value: v as number }) },
};

/** A schema whose validate() throws `error` (a validator bug). */
export function throwing(error: unknown): StandardSchema<unknown, number> {
  return {
    "~standard": {
      version: 1,
      vendor: "spec",
      validate: () => {
        throw error;
      },
    },
  };
}

/** Numbers only. */
export const num = schemaOf<number>((v) => (typeof v === "number" ? [] : [{ message: "expected a number" }]));

export interface User {
  readonly id: number;
  readonly name: string;
}

/** `{ id: number, name: string }`, each problem with its path (one as a `{ key }` step). */
export const user = schemaOf<User>((v) => {
  if (v === null || typeof v !== "object") return [{ message: "expected an object" }];
  const o = v as Record<string, unknown>;
  const issues: StandardIssue[] = [];
  if (typeof o["id"] !== "number") issues.push({ message: "expected a number", path: ["id"] });
  if (typeof o["name"] !== "string") issues.push({ message: "expected a string", path: [{ key: "name" }] });
  return issues;
});

/** Resolve after `n` macrotask turns. */
export const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/**
 * An async Standard Schema: strings of digits become numbers, after `delay(v)`
 * turns (so later values can finish first if anything ran them at once).
 */
export function asyncDigits(delay: (v: unknown) => number = () => 1): StandardSchema<string, number> & { running: () => number; most: () => number } {
  let running = 0;
  let most = 0;
  return {
    running: () => running,
    most: () => most,
    "~standard": {
      version: 1,
      vendor: "spec-async",
      validate: async (v): Promise<StandardResult<number>> => {
        running++;
        most = Math.max(most, running);
        try {
          await turns(delay(v));
          return typeof v === "string" && /^\d+$/.test(v) ? { value: Number(v) } : { issues: [{ message: "expected digits", path: [] }] };
        } finally {
          running--;
        }
      },
    },
  };
}

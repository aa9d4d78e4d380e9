// Argument and option checks for the operators, run when an operator is built
// (never at the first item). Every problem is collected before anything is
// thrown, so one error lists every invalid argument and option at once. Hand
// written on purpose: the root entry carries no schema library (DESIGN §4).

import { describe } from "../chan/describe.js";
import type { AbortSignalLike } from "../chan/host.js";
import { Ctx } from "../context/node.js";
import { isClock } from "../time/clock.js";

/** What a rule says about a bad value: what was expected, and whether it was the right type. */
export interface Problem {
  /** "a positive integer", "a function", ... (follows "must be"). */
  readonly expected: string;
  /** True when the type was right but the value out of range (a RangeError if all are). */
  readonly range: boolean;
}

/** A check on one value: undefined when the value is fine. */
export type Rule = (v: unknown) => Problem | undefined;

/** The rules of one options object, by field name. */
export type Schema = Readonly<Record<string, Rule>>;

const typeProblem = (expected: string): Problem => ({ expected, range: false });
const rangeProblem = (expected: string): Problem => ({ expected, range: true });

/** A value shown in a message: short, never "[object Object]". */
export const show = (v: unknown): string => (typeof v === "number" && Object.is(v, -0) ? "-0" : describe(v));

// ---- rules ------------------------------------------------------------------

export const fn: Rule = (v) => (typeof v === "function" ? undefined : typeProblem("a function"));

export const bool: Rule = (v) => (typeof v === "boolean" ? undefined : typeProblem("a boolean"));

export const str: Rule = (v) => (typeof v === "string" ? undefined : typeProblem("a string"));

/** An integer ≥ `min` (Infinity allowed with `infinite`). */
export function int(min: number, expected: string, infinite = false): Rule {
  return (v) => {
    if (typeof v !== "number") return typeProblem(expected);
    if (infinite && v === Infinity) return undefined;
    return Number.isSafeInteger(v) && v >= min ? undefined : rangeProblem(expected);
  };
}

/** A number of milliseconds: > 0 with `positive`, else ≥ 0; Infinity allowed with `infinite`. */
export function ms(positive: boolean, infinite: boolean): Rule {
  const expected = `${positive ? "a positive" : "a non-negative"} number of milliseconds${infinite ? " (or Infinity)" : ""}`;
  return (v) => {
    if (typeof v !== "number") return typeProblem(expected);
    if (Number.isNaN(v) || (!infinite && v === Infinity)) return rangeProblem(expected);
    return (positive ? v > 0 : v >= 0) ? undefined : rangeProblem(expected);
  };
}

/** One of the given strings. */
function oneOf(values: readonly string[]): Rule {
  const expected = `one of ${values.map((s) => `"${s}"`).join(", ")}`;
  return (v) => (typeof v === "string" && values.includes(v) ? undefined : typeof v === "string" ? rangeProblem(expected) : typeProblem(expected));
}

export const isSignal = (v: unknown): v is AbortSignalLike =>
  v !== null &&
  typeof v === "object" &&
  typeof (v as AbortSignalLike).aborted === "boolean" &&
  typeof (v as AbortSignalLike).addEventListener === "function" &&
  typeof (v as AbortSignalLike).removeEventListener === "function";

export const signal: Rule = (v) => (isSignal(v) ? undefined : typeProblem("an AbortSignal"));

export const ctx: Rule = (v) => (v instanceof Ctx ? undefined : typeProblem("a Context (from background(), fromSignal() or a with…() function)"));

export const clock: Rule = (v) => (isClock(v) ? undefined : typeProblem("a clock with now(), setTimeout() and clearTimeout()"));

export const OVERFLOWS = ["block", "dropOldest", "dropNewest", "error"] as const;

export const overflow: Rule = oneOf(OVERFLOWS);

/** Options every operator takes. */
export const COMMON: Schema = { signal, ctx, name: str };

/** Options of an operator that makes one buffered output. */
const BUFFER = int(0, "a non-negative integer (the output's capacity)");

export const BUFFERED: Schema = { ...COMMON, buffer: BUFFER, overflow };

/** BUFFERED plus a clock, for the time-based operators. */
export const TIMED: Schema = { ...BUFFERED, clock };

// ---- the collector ----------------------------------------------------------

/** Edit distance, for "did you mean" (short strings only). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * Collects the problems of one call, then throws them all as one error:
 * a RangeError when every problem is a value out of range, else a TypeError.
 *
 * @example
 * ```ts
 * new Check("batch(size, options)").arg("size", size, int(1, "a positive integer")).options(options, BATCH).done();
 * ```
 */
export class Check {
  private readonly problems: { readonly text: string; readonly range: boolean }[] = [];

  /** @param where the call as users write it, e.g. `batch(size, options)`. */
  constructor(private readonly where: string) {}

  /** Check a positional argument. */
  arg(name: string, v: unknown, rule: Rule): this {
    const p = rule(v);
    if (p !== undefined) this.add(`${name} must be ${p.expected}, got ${show(v)}`, p.range);
    return this;
  }

  /** Check an options object (undefined is fine): known fields by `schema`, unknown fields are problems too. */
  options(v: unknown, schema: Schema, required: readonly string[] = []): this {
    if (v === undefined) {
      for (const k of required) this.add(`options.${k} is required`, false);
      return this;
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      this.add(`options must be an object, got ${show(v)}`, false);
      return this;
    }
    const o = v as Record<string, unknown>;
    const known = Object.keys(schema);
    for (const k of Object.keys(o)) {
      const rule = schema[k];
      if (rule === undefined) {
        const near = known.filter((n) => distance(k.toLowerCase(), n.toLowerCase()) <= Math.max(1, Math.floor(n.length / 4)));
        const hint = near.length > 0 ? `did you mean ${near.join(" or ")}?` : `known options: ${known.join(", ")}`;
        this.add(`options.${k} is not an option (${hint})`, false);
        continue;
      }
      const val = o[k];
      if (val === undefined) continue;
      const p = rule(val);
      if (p !== undefined) this.add(`options.${k} must be ${p.expected}, got ${show(val)}`, p.range);
    }
    for (const k of required) if (o[k] === undefined) this.add(`options.${k} is required`, false);
    // A dropping policy needs somewhere to drop from (for the operators whose buffer defaults to 0).
    if (schema["buffer"] === BUFFER) {
      const of = o["overflow"];
      const buf = o["buffer"];
      if (typeof of === "string" && of !== "block" && overflow(of) === undefined && (buf === undefined || buf === 0)) {
        this.add(`options.overflow "${of}" needs a buffer: set options.buffer to 1 or more`, true);
      }
    }
    return this;
  }

  /** Record a problem found by hand. */
  add(text: string, range: boolean): this {
    this.problems.push({ text, range });
    return this;
  }

  /** Throw if anything was wrong. */
  done(): void {
    const ps = this.problems;
    if (ps.length === 0) return;
    const body = ps.length === 1 ? ps[0]!.text : `${ps.length} invalid arguments: ${ps.map((p) => p.text).join("; ")}`;
    const E = ps.every((p) => p.range) ? RangeError : TypeError;
    throw new E(`${this.where}: ${body}`);
  }
}

// Random programs over a few channels: the input of the interleaving properties.
//
// A program is plain data (so fast-check can shrink it and print it readably):
// some channels, some abort signals, some actors, each with a script of
// operations it runs one after the other, and a schedule that says which actor
// takes the next step. Channel and signal references are small naturals taken
// modulo the number of channels/signals, so every shrink stays a valid program.

import { fc } from "@fast-check/vitest";
import type { Overflow } from "../../src/index.js";

export interface ChanSpec {
  readonly cap: number;
  readonly overflow: Overflow;
}

/** A select case: receive from / send to channel `ch`, or `null` (disabled). */
export type CaseSpec = { readonly dir: "recv"; readonly ch: number } | { readonly dir: "send"; readonly ch: number } | null;

export type OpSpec =
  | { readonly op: "send"; readonly ch: number; readonly sig: number | null }
  | { readonly op: "trySend"; readonly ch: number }
  | { readonly op: "recv"; readonly ch: number; readonly sig: number | null }
  | { readonly op: "tryRecv"; readonly ch: number }
  | {
      readonly op: "select";
      readonly cases: readonly CaseSpec[];
      readonly form: "array" | "object";
      readonly priority: boolean;
      readonly sig: number | null;
    }
  | { readonly op: "trySelect"; readonly cases: readonly CaseSpec[]; readonly form: "array" | "object"; readonly priority: boolean }
  | { readonly op: "close"; readonly ch: number }
  | { readonly op: "abort"; readonly sig: number };

export interface Program {
  readonly chans: readonly ChanSpec[];
  /** How many abort signals (runner.ts: even ones AbortControllers, odd ones contexts); ops refer to them modulo this (none when 0). */
  readonly signals: number;
  readonly actors: readonly (readonly OpSpec[])[];
  /** Which actor steps next (modulo the actor count; busy actors are skipped). */
  readonly schedule: readonly number[];
  /** Seeds the Math.random that select uses to choose among ready cases. */
  readonly seed: number;
  /** At the end, abort every signal before closing the channels. */
  readonly abortAtEnd: boolean;
}

/** Which kinds of operation a family of programs may contain. */
export interface Mix {
  readonly selects: boolean;
  readonly closes: boolean;
  readonly aborts: boolean;
  /** Allow dropping / failing overflow policies besides "block". */
  readonly overflow: boolean;
  readonly maxChans: number;
  readonly maxActors: number;
}

const chanIx = fc.nat({ max: 2 });

const chanSpec = (mix: Mix): fc.Arbitrary<ChanSpec> =>
  fc
    .record({
      cap: fc.integer({ min: 0, max: 3 }),
      overflow: mix.overflow
        ? fc.oneof(
            { weight: 5, arbitrary: fc.constant<Overflow>("block") },
            { weight: 1, arbitrary: fc.constantFrom<Overflow>("dropOldest", "dropNewest", "error") },
          )
        : fc.constant<Overflow>("block"),
    })
    // An unbuffered channel has nothing to drop: only "block" is valid there.
    .map((c) => (c.cap === 0 ? { cap: 0, overflow: "block" as const } : c));

const sig = (mix: Mix): fc.Arbitrary<number | null> => (mix.aborts ? fc.option(fc.nat({ max: 1 }), { freq: 2 }) : fc.constant(null));

const caseSpec: fc.Arbitrary<CaseSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ dir: fc.constant("recv" as const), ch: chanIx }) },
  { weight: 4, arbitrary: fc.record({ dir: fc.constant("send" as const), ch: chanIx }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

// At least one enabled case: a select with none blocks until its signal aborts,
// and an actor stuck there forever would keep the program from ending.
const cases = fc
  .array(caseSpec, { minLength: 1, maxLength: 4 })
  .map((cs) => (cs.some((c) => c !== null) ? cs : [{ dir: "recv" as const, ch: 0 }, ...cs.slice(1)]));

const form = fc.constantFrom("array" as const, "object" as const);

const sendOp = (mix: Mix): fc.Arbitrary<OpSpec> => fc.record({ op: fc.constant("send" as const), ch: chanIx, sig: sig(mix) });
const trySendOp: fc.Arbitrary<OpSpec> = fc.record({ op: fc.constant("trySend" as const), ch: chanIx });
const recvOp = (mix: Mix): fc.Arbitrary<OpSpec> => fc.record({ op: fc.constant("recv" as const), ch: chanIx, sig: sig(mix) });
const tryRecvOp: fc.Arbitrary<OpSpec> = fc.record({ op: fc.constant("tryRecv" as const), ch: chanIx });
const selectOp = (mix: Mix): fc.Arbitrary<OpSpec> =>
  fc.record({ op: fc.constant("select" as const), cases, form, priority: fc.boolean(), sig: sig(mix) });
const trySelectOp: fc.Arbitrary<OpSpec> = fc.record({ op: fc.constant("trySelect" as const), cases, form, priority: fc.boolean() });
const closeOp: fc.Arbitrary<OpSpec> = fc.record({ op: fc.constant("close" as const), ch: chanIx });
const abortOp: fc.Arbitrary<OpSpec> = fc.record({ op: fc.constant("abort" as const), sig: fc.nat({ max: 1 }) });

type Weighted = { weight: number; arbitrary: fc.Arbitrary<OpSpec> };

const script = (choices: Weighted[], maxLength: number): fc.Arbitrary<OpSpec[]> =>
  fc.array(fc.oneof(...choices), { minLength: 1, maxLength });

/** An actor's script, in one of a few roles (a sender, a receiver, a selector, a closer, or a mix). */
const actor = (mix: Mix): fc.Arbitrary<OpSpec[]> => {
  const sender = script(
    [
      { weight: 5, arbitrary: sendOp(mix) },
      { weight: 2, arbitrary: trySendOp },
    ],
    6,
  );
  const receiver = script(
    [
      { weight: 5, arbitrary: recvOp(mix) },
      { weight: 2, arbitrary: tryRecvOp },
    ],
    6,
  );
  const roles: { weight: number; arbitrary: fc.Arbitrary<OpSpec[]> }[] = [
    { weight: 4, arbitrary: sender },
    { weight: 4, arbitrary: receiver },
  ];
  const any: Weighted[] = [
    { weight: 3, arbitrary: sendOp(mix) },
    { weight: 1, arbitrary: trySendOp },
    { weight: 3, arbitrary: recvOp(mix) },
    { weight: 1, arbitrary: tryRecvOp },
  ];
  if (mix.selects) {
    roles.push({
      weight: 4,
      arbitrary: script(
        [
          { weight: 4, arbitrary: selectOp(mix) },
          { weight: 2, arbitrary: trySelectOp },
        ],
        5,
      ),
    });
    any.push({ weight: 3, arbitrary: selectOp(mix) }, { weight: 1, arbitrary: trySelectOp });
  }
  const control: Weighted[] = [];
  if (mix.closes) control.push({ weight: 2, arbitrary: closeOp });
  if (mix.aborts) control.push({ weight: 3, arbitrary: abortOp });
  if (control.length > 0) {
    // A controller waits a little (tryRecv is harmless), then closes or aborts.
    roles.push({ weight: 3, arbitrary: script([...control, { weight: 2, arbitrary: tryRecvOp }], 3) });
    any.push(...control);
  }
  roles.push({ weight: 2, arbitrary: script(any, 6) });
  return fc.oneof(...roles);
};

/** Programs of the given mix. */
export const program = (mix: Mix): fc.Arbitrary<Program> =>
  fc.record({
    chans: fc.array(chanSpec(mix), { minLength: 1, maxLength: mix.maxChans }),
    signals: mix.aborts ? fc.integer({ min: 1, max: 2 }) : fc.constant(0),
    actors: fc.array(actor(mix), { minLength: 2, maxLength: mix.maxActors }),
    schedule: fc.array(fc.nat({ max: 7 }), { maxLength: 40 }),
    seed: fc.integer(),
    abortAtEnd: mix.aborts ? fc.boolean() : fc.constant(false),
  });

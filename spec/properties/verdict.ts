// The end-of-run properties (a–d) over a finished Runner's trace. Properties e
// and f are checked step by step inside the runner.

import type { OpRec, Runner, SentValue } from "./runner.js";

type Status = "committed" | "returned" | "withdrawn";

/** What became of each value an op offered, judged from how the op settled. */
function statuses(run: Runner): Map<string, Status> {
  const out = new Map<string, Status>();
  const sendCases = (r: OpRec): { value: string; i: number }[] =>
    r.cases.flatMap((c, i) => (c !== null && c.dir === "send" ? [{ value: c.value, i }] : []));
  for (const r of run.ops) {
    const sends = sendCases(r);
    if (sends.length === 0) continue;
    if (r.state === "pending") run.fail(`(f) ${r.id} never settled`);
    const aborted = r.state === "rejected" && r.sig !== null && r.error === run.reasons[r.sig];
    let chosen = -1;
    let returned: unknown = undefined;
    if (r.state === "rejected" && !aborted) returned = (r.error as { value?: unknown }).value;
    else if (r.state === "resolved") {
      if (r.spec.op === "send") chosen = 0;
      else if (r.spec.op === "trySend") chosen = r.result === true ? 0 : -1;
      else if (r.result !== undefined) chosen = run.chosenCase(r, r.result);
    }
    for (const s of sends) out.set(s.value, s.i === chosen ? "committed" : returned === s.value ? "returned" : "withdrawn");
  }
  return out;
}

/** (a) Every sent value is received exactly once (or dropped by its overflow policy) iff its send committed. */
function noLossNoDuplicate(run: Runner, status: Map<string, Status>): void {
  const seen = new Map<string, number>();
  for (const r of run.receipts) seen.set(r.value, (seen.get(r.value) ?? 0) + 1);
  for (const d of run.drops) seen.set(d.value, (seen.get(d.value) ?? 0) + 1);
  for (const [value, from] of run.sent) {
    const st = status.get(value);
    const n = seen.get(value) ?? 0;
    const who = from.op.spec.op === "select" || from.op.spec.op === "trySelect" ? "(d)" : "(a)";
    if (st === "committed" && n !== 1) {
      run.fail(`${who} ${value} (on c${from.ch}) was committed by ${from.op.id} but was received/dropped ${n} times`);
    }
    if (st !== "committed" && n !== 0) {
      const why = st === "returned" ? "returned to its sender in the error" : describeWithdrawn(from);
      run.fail(`${who} ${value} (on c${from.ch}) was ${why}, yet received/dropped ${n} times`);
    }
  }
}

function describeWithdrawn(from: SentValue): string {
  const r = from.op;
  if (r.state === "rejected") return "withdrawn by an abort";
  if (r.spec.op === "trySend") return "declined by trySend (false)";
  return `not sent (${r.id} committed another case or none)`;
}

/**
 * (b) Values leave a channel in the order they entered it — entering being the
 * step whose send accepted or parked them — across the buffer and parked senders,
 * whoever receives them; hence also per sender. No value arrives after `ok:false`.
 */
function fifo(run: Runner): void {
  const perStep = new Map<number, string>();
  for (const r of run.receipts) {
    const other = perStep.get(r.step);
    if (other !== undefined) run.fail(`(b) two values left the channels in step ${r.step}: ${other} and ${r.value}`);
    perStep.set(r.step, r.value);
  }
  run.chans.forEach((_, ch) => {
    const got = run.receipts.filter((r) => r.ch === ch).sort((x, y) => x.seq - y.seq);
    let last: { value: string; step: number } | null = null;
    const lastByActor = new Map<number, { value: string; index: number }>();
    for (const r of got) {
      const op = run.sent.get(r.value)!.op;
      if (last !== null && op.issueStep <= last.step) {
        run.fail(`(b) c${ch} delivered ${r.value} (sent at s${op.issueStep}) after ${last.value} (sent at s${last.step})`);
      }
      last = { value: r.value, step: op.issueStep };
      const prev = lastByActor.get(op.actor);
      if (prev !== undefined && op.index <= prev.index) {
        run.fail(`(b) per-sender FIFO on c${ch}: a${op.actor}'s ${r.value} arrived after its later ${prev.value}`);
      }
      lastByActor.set(op.actor, { value: r.value, index: op.index });
    }
    const firstDrained = run.drained.filter((d) => d.ch === ch).sort((x, y) => x.seq - y.seq)[0];
    const late = firstDrained === undefined ? undefined : got.find((r) => r.seq > firstDrained.seq);
    if (late !== undefined) run.fail(`(a) c${ch} reported {ok:false} at s${firstDrained!.step}, then delivered ${late.value} at s${late.step}`);
  });
}

/**
 * (c) A value is received no earlier than its send committed; on an unbuffered
 * channel, in the very step the send completed (the send resolved only once a
 * receiver had the value).
 */
function rendezvous(run: Runner, status: Map<string, Status>): void {
  for (const r of run.receipts) {
    const from = run.sent.get(r.value)!;
    if (status.get(r.value) !== "committed") continue; // (a) reports it
    const committed = from.op.settleStep;
    if (r.step < committed) run.fail(`(c) ${r.value} was received at s${r.step}, before its send completed at s${committed}`);
    if (run.program.chans[from.ch]!.cap === 0 && r.step !== committed) {
      run.fail(`(c) unbuffered c${from.ch}: ${from.op.id} completed at s${committed} but ${r.value} reached a receiver only at s${r.step}`);
    }
  }
}

/** Run every end-of-run property. */
export function verdict(run: Runner): void {
  const status = statuses(run);
  noLossNoDuplicate(run, status);
  fifo(run);
  rendezvous(run, status);
}

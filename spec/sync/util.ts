// Helpers for the sync specs: observe a promise's state without awaiting it.

export interface Tracked {
  state: "pending" | "resolved" | "rejected";
  reason: unknown;
}

/** Follow `p`'s settlement (and mark its rejection handled). */
export function track(p: Promise<unknown>, log?: string[], label?: string): Tracked {
  const t: Tracked = { state: "pending", reason: undefined };
  p.then(
    () => {
      t.state = "resolved";
      if (log !== undefined && label !== undefined) log.push(label);
    },
    (e: unknown) => {
      t.state = "rejected";
      t.reason = e;
      if (log !== undefined && label !== undefined) log.push(`${label}!`);
    },
  );
  return t;
}

/** Let every queued microtask (and one macrotask turn) run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

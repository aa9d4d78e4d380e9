// contextKey(): typed, collision-free keys for withValue / ctx.value.

import { show } from "./check.js";
import type { ContextKey } from "./types.js";

class Key {
  constructor(readonly name: string) {}

  toString(): string {
    return `contextKey(${JSON.stringify(this.name)})`;
  }
}

/**
 * Make a new key for {@link withValue} and `ctx.value`, typed so that the value
 * stored and the value read back have type `T`. Every call makes a distinct key:
 * the `name` is only a label for messages.
 *
 * @example
 * ```ts
 * const userKey = contextKey<User>("user");
 * const ctx = withValue(background(), userKey, alice);
 * ctx.value(userKey); // User | undefined
 * ```
 */
export function contextKey<T>(name: string): ContextKey<T> {
  if (typeof name !== "string") throw new TypeError(`contextKey(name): name must be a string, got ${show(name)}`);
  return new Key(name) as unknown as ContextKey<T>;
}

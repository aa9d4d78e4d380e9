// How error messages show a bad argument: short, never "[object Object]".

/** A short description of `v` for an error message. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return "an object";
  return String(v);
}

/** `${what} must be ${expected}, got ${value}` as a TypeError (or RangeError with `range`). */
export function badArg(what: string, expected: string, value: unknown, range = false): Error {
  return new (range ? RangeError : TypeError)(`${what} must be ${expected}, got ${describe(value)}`);
}

// Module resolve hooks for running demo/ under test: the bare specifier
// "cspkit" (which in a real run resolves to this package's dist/) is pointed at
// the fresh build of src/ that the spec hands over, so the test never depends on
// a stale or missing dist/.

let entry;

export function initialize(data) {
  entry = data.entry;
}

export function resolve(specifier, context, nextResolve) {
  if (specifier === "cspkit") return { url: entry, shortCircuit: true };
  return nextResolve(specifier, context);
}

// fp-ts's Either, built by hand. The core entry has no runtime dependency
// (DESIGN: "zero runtime dependencies in the core entry"), so fp-ts is imported
// for its types only; these constructors make exactly the objects that
// `either.left` / `either.right` make, which every fp-ts function accepts.

import type { either as E } from "fp-ts";

/** `either.left(l)`. */
export const left = <L>(l: L): E.Either<L, never> => ({ _tag: "Left", left: l });

/** `either.right(r)`. */
export const right = <R>(r: R): E.Either<never, R> => ({ _tag: "Right", right: r });

// The pipeline's source: every regular file under a directory, as an async
// generator (Go would use filepath.WalkDir feeding a channel). Names are sorted
// so that every run walks the tree in the same order; symbolic links are not
// followed; a directory that cannot be read is reported and skipped.

import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Directories never entered: dependencies, version control, build output. */
export const SKIP = new Set(["node_modules", ".git", "dist"]);

/**
 * Yield the path of each file under `dir`, depth first, in name order.
 * `onError(dir, error)` hears about directories that could not be read.
 */
export async function* walk(dir, onError) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    onError(dir, e);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) yield* walk(path, onError);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

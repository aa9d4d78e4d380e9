// The CPU- and disk-bound step: sha256 and line count of one file, streamed so
// a large file never sits in memory whole. The signal comes from the stage's
// context: when the pipeline is stopped, the read is abandoned mid-file.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

const NEWLINE = 0x0a;

/** `{ sha256, bytes, lines }` of the file at `path`; rejects if it cannot be read or `signal` aborts. */
export async function hashFile(path, signal) {
  const hash = createHash("sha256");
  let bytes = 0;
  let newlines = 0;
  let last = NEWLINE;
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) newlines++;
    last = chunk[chunk.length - 1];
  }
  // A last line without a trailing newline still counts (as `wc -l` does not).
  return { sha256: hash.digest("hex"), bytes, lines: newlines + (last === NEWLINE ? 0 : 1) };
}

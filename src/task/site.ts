// Where a task was started, captured cheaply.
//
// go() is called often; a panic is rare. So go() only records the raw call
// site and the text is made when a panic is reported. On V8 (Node, Chrome, Deno)
// and JSC (Bun, Safari) `Error.captureStackTrace(target, go)` records the frames
// below go() without building a string (the string is formatted on first read
// of `target.stack`); outside debug mode the limit is one frame: the caller's
// line. Debug mode records the host's usual number of frames.

import { isDebug } from "../chan/registry.js";

interface StackHost {
  captureStackTrace?: (target: object, above?: (...args: never[]) => unknown) => void;
  stackTraceLimit?: number;
}

const host = Error as unknown as StackHost;

/** An opaque record of a call site: read it with {@link siteText}. */
export interface Site {
  readonly stack?: unknown;
}

/** Record where the function `above` was called from. */
export function captureSite(above: (...args: never[]) => unknown): Site {
  const capture = host.captureStackTrace;
  // Other engines: a whole Error (their stacks include our own frames).
  if (typeof capture !== "function") return new Error();
  const site: { stack?: unknown } = {};
  const limit = host.stackTraceLimit;
  if (isDebug() || typeof limit !== "number") {
    capture(site, above);
    return site;
  }
  host.stackTraceLimit = 1;
  try {
    capture(site, above);
  } finally {
    host.stackTraceLimit = limit;
  }
  return site;
}

// V8: "    at f (file:1:2)"; SpiderMonkey and JSC: "f@file:1:2".
const FRAME = /^\s+at |^[^\s@]*@\S*:\d+(:\d+)?$/;

/** The frames of a stack string, without its header line(s). */
export function frames(stack: unknown): string {
  if (typeof stack !== "string") return "";
  const lines = stack.split("\n");
  let i = 0;
  while (i < lines.length && !FRAME.test(lines[i]!)) i++;
  return lines.slice(i).join("\n");
}

/** The frames recorded by {@link captureSite}, one per line ("" when unknown). */
export function siteText(site: Site): string {
  return frames(site.stack);
}

// Live progress. On a terminal: one status line, redrawn in place, with event
// lines (breaker and shutdown changes) printed above it. Piped into a file or
// another program: plain lines, a status line every second.

const CLEAR_LINE = "\r\x1b[2K";

export function terminal(out = process.stdout) {
  const tty = out.isTTY === true;
  let status = "";
  const fit = (line) => (tty && out.columns > 1 && line.length >= out.columns ? line.slice(0, out.columns - 1) : line);
  return {
    tty,
    /** How often the status should be refreshed, ms. */
    period: tty ? 100 : 1_000,
    /** Print an event line (above the status line on a terminal). */
    log(line) {
      out.write(tty && status !== "" ? `${CLEAR_LINE}${line}\n${status}` : `${line}\n`);
    },
    /** Show the current status. */
    status(line) {
      if (tty) out.write(CLEAR_LINE + (status = fit(line)));
      else out.write(`${line}\n`);
    },
    /** Take the status line away (before the summary). */
    clear() {
      if (tty && status !== "") out.write(CLEAR_LINE);
      status = "";
    },
  };
}

/**
 * Progress of a start that folds the log (a first start, a new read-model version, a data folder
 * restored from a backup): a bar redrawn in place on a terminal, and a log line at each tenth
 * otherwise, so a long rebuild always says how far it is and how long is left.
 */
export function replayProgress(
  log: { info(context: object, message: string): void },
  terminal: { isTTY?: boolean; write(text: string): unknown } = process.stderr,
) {
  const start = performance.now();
  let lastDraw = Number.NEGATIVE_INFINITY; // the first drawing is never held back, however early in the process it comes
  let lastTenth = -1;
  return (position: bigint, last: bigint | null) => {
    const done = Number(position);
    const total = last === null ? done : Math.max(Number(last), done);
    const now = performance.now();
    const share = total ? done / total : 1;
    const seconds = (now - start) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const time = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
    const figures = `${Math.floor(share * 100)}% ${done.toLocaleString('en')} / ${total.toLocaleString('en')} events, ${Math.round(rate).toLocaleString('en')}/s, ${time(eta)} left`;
    if (terminal.isTTY) {
      if (now - lastDraw < 200 && done < total) return;
      lastDraw = now;
      const filled = Math.round(share * 30);
      terminal.write(`\rbuilding the read models [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${figures}   ${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    log.info({ done, total, perSecond: Math.round(rate), secondsLeft: Math.round(eta) }, `building the read models: ${figures}`);
  };
}

/**
 * The instant API tests run at unless they set another: no expectation depends on the day the
 * suite runs. A Monday in the drive's second phase; reports for June are due on 2026-07-05.
 *
 * A module of its own (harness.ts re-exports it), so the browser tests, which only need the
 * instant, do not load the whole API into each file's fresh worker.
 */
export const TEST_NOW = '2026-07-20T10:00:00+08:00';

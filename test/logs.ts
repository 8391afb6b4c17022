/**
 * A logger whose lines a test reads: the process's logger as configured (api/observability/),
 * writing into memory instead of stdout.
 */
import { createLogger, type Logger } from '../api/observability/logger.ts';
import type { RunnerLog } from '../projections/runner.ts';

export interface LogEntry {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export function captureLog(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' = 'trace'): { logger: Logger; entries: LogEntry[]; messages(): string[] } {
  const entries: LogEntry[] = [];
  const logger = createLogger({ LOG_LEVEL: level }, { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) });
  return { logger, entries, messages: () => entries.map((entry) => entry.msg) };
}

/** A log (any level) that keeps only each line's message, in `lines`: for the runner's own tests. */
export function linesOf(lines: string[]): RunnerLog {
  const keep = (_context: object, message: string) => void lines.push(message);
  return { info: keep, warn: keep, error: keep };
}

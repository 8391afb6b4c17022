/**
 * The process's logger (pino): one JSON object a line on stdout, for a log collector; or, on a
 * terminal (or with LOG_FORMAT=pretty), the same lines made readable (./pretty.ts). Written
 * synchronously, in this thread: a line written before a crash is out, and there is no worker
 * thread to wait for at shutdown.
 *
 * Times are the machine's own, not the runtime's clock (api/clock.ts): a demonstration's clock
 * standing still at CLOCK_AT would stamp every line with the same instant.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../../runtime/config.ts';
import { prettyLine } from './pretty.ts';

export type { Logger };

type LogConfig = Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>;

/** info unless LOG_LEVEL says otherwise; warn under tests (NODE_ENV=test), so their output stays readable. */
export function logLevelOf(config: LogConfig): NonNullable<Config['LOG_LEVEL']> {
  return config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'warn' : 'info');
}

/** A logger of the configuration, writing to `destination` (a test's capture), else to stdout. */
export function createLogger(config: LogConfig, destination?: DestinationStream): Logger {
  const options = {
    level: logLevelOf(config),
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"warn", not 40: a person reading the JSON, or a query in the collector, says the word.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  const stdout = pino.destination({ dest: 1, sync: true });
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === undefined && process.stdout.isTTY === true);
  if (!pretty) return pino(options, stdout);
  const colours = process.stdout.isTTY === true;
  return pino(options, { write: (line: string) => void stdout.write(prettyLine(line, colours)) });
}

const PROCESS_LOGGER = Symbol.for('league-pulse.logger');

/**
 * The one logger of this process, made from the configuration at the first call. Held on
 * globalThis because the web server's entry (web/server.ts) and the bundle it loads each have a
 * copy of this file; both must write through the same logger.
 */
export function processLogger(config: LogConfig): Logger {
  const holder = globalThis as { [PROCESS_LOGGER]?: Logger };
  return (holder[PROCESS_LOGGER] ??= createLogger(config));
}

/** A logger that writes nothing (a part built without one, e.g. in a unit test). */
export const silentLogger: Logger = pino({ level: 'silent' });

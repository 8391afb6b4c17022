/**
 * A log line for a person at a terminal: the time, the level, the message, then the other fields
 * as key=value; an error's stack indented below. The JSON line as pino wrote it is the input, so
 * both formats carry the same facts.
 */
const LEVEL_COLOURS: Record<string, string> = { trace: '90', debug: '90', info: '32', warn: '33', error: '31', fatal: '35' };
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

export function prettyLine(json: string, colours: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = String(entry.level ?? '');
  const paint = (code: string | undefined, text: string) => (colours && code ? `\u001b[${code}m${text}\u001b[0m` : text);
  const time = typeof entry.time === 'string' ? localTime(new Date(entry.time)) : '';
  // A request's line reads as a request: `GET /api/units/:id 200 3.1 ms`, then who and which.
  const request = entry.msg === 'request' && 'route' in entry;
  const message = request ? `${String(entry.method)} ${String(entry.route)} ${String(entry.status)} ${String(entry.durationMs)} ms` : String(entry.msg ?? '');
  const shown = request ? new Set([...OWN_FIELDS, 'method', 'route', 'status', 'durationMs']) : OWN_FIELDS;
  const fields = Object.entries(entry)
    // A long text the message already quotes (the reason in "unavailable (reason)") is not said twice.
    .filter(([key, value]) => !shown.has(key) && value !== undefined && !(typeof value === 'string' && value.length >= 8 && message.includes(value)))
    .map(([key, value]) => `${key}=${typeof value === 'string' && /^[\w.:/@+-]*$/.test(value) ? value : JSON.stringify(value)}`);
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  const tail = fields.length ? `  ${paint('90', fields.join(' '))}` : '';
  return `${paint('90', time)} ${paint(LEVEL_COLOURS[level], level.toUpperCase().padEnd(5))} ${visible(message)}${tail}${stack}\n`;
}

/** The machine's local time of day, to the millisecond (a person compares it with their own clock). */
function localTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** Control characters escaped: a message quoting what someone sent cannot forge a line of its own. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1));
}

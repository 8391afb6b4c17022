import { describe, expect, it } from 'vitest';
import { prettyLine } from './pretty.ts';

const at = '2026-07-20T02:00:00.123Z';

describe('log lines for a person', () => {
  it('a request: method, route, status and time first, then who and which request', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 'info',
        time: at,
        pid: 1,
        hostname: 'h',
        method: 'GET',
        route: '/api/units/:id',
        status: 200,
        durationMs: 3.1,
        actor: 'anonymous',
        correlationId: 'c-1',
        msg: 'request',
      }),
      false,
    );
    expect(line).toMatch(/^\d\d:\d\d:00\.123 INFO {2}GET \/api\/units\/:id 200 3\.1 ms {2}actor=anonymous correlationId=c-1\n$/);
  });

  it('other lines: the message, the fields as key=value (quoted when not plain), an error’s stack indented below', () => {
    const line = prettyLine(
      JSON.stringify({ level: 'error', time: at, msg: 'request failed: boom', path: '/api/x y', err: { message: 'boom', stack: 'Error: boom\n    at here' } }),
      false,
    );
    expect(line.split('\n')).toEqual([expect.stringMatching(/ ERROR request failed: boom {2}path="\/api\/x y"$/), '    Error: boom', '        at here', '']);
  });

  it('does not repeat a reason the message already quotes', () => {
    const line = prettyLine(
      JSON.stringify({
        level: 'warn',
        time: at,
        msg: 'event store unavailable (connection refused); trying again in 250 ms',
        reason: 'connection refused',
        retryInMs: 250,
      }),
      false,
    );
    expect(line).toMatch(/trying again in 250 ms {2}retryInMs=250\n$/);
  });

  it('cannot be made to forge a line: control characters in a message are escaped', () => {
    const line = prettyLine(JSON.stringify({ level: 'warn', time: at, msg: 'import failed: bad\nINFO  all well' }), false);
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(line).toContain('bad\\nINFO');
  });

  it('colours the level on a terminal; passes a line that is not JSON through', () => {
    expect(prettyLine(JSON.stringify({ level: 'warn', time: at, msg: 'm' }), true)).toContain('\u001b[33mWARN ');
    expect(prettyLine('not json\n', false)).toBe('not json\n');
  });
});

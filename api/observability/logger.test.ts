import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config.ts';
import { createLogger, logLevelOf } from './logger.ts';

describe('the logger', () => {
  it('logs at info unless LOG_LEVEL says otherwise, and at warn under tests', () => {
    expect(logLevelOf(loadConfig({}))).toBe('info');
    expect(logLevelOf(loadConfig({ NODE_ENV: 'test' }))).toBe('warn');
    expect(logLevelOf(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }))).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be trace, debug, info, warn, error, fatal or silent/);
  });

  it('writes one JSON object a line, the level as a word and the time as ISO 8601', () => {
    const lines: string[] = [];
    createLogger({ LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(line) }).warn({ retryInMs: 250 }, 'event store unavailable');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      retryInMs: 250,
      msg: 'event store unavailable',
    });
  });
});

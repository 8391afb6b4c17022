import { describe, expect, it } from 'vitest';
import { fixedClock, offsetClock, parseOffset, systemClock } from './clock.ts';
import { clockFrom, loadConfig } from '../runtime/config.ts';

describe('the runtime clock', () => {
  it('a fixed clock stands still until set or advanced, and gives today in China', () => {
    const clock = fixedClock('2026-03-31T23:30:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-03-31T15:30:00.000Z');
    expect(clock.today()).toBe('2026-03-31');
    clock.advance(30 * 60_000);
    expect(clock.today()).toBe('2026-04-01');
    clock.set('2028-02-29T12:00:00+08:00');
    expect(clock.today()).toBe('2028-02-29');
    expect(clock.description).toBe('fixed at 2028-02-29T04:00:00.000Z');
  });

  it('an offset clock runs with the system clock, moved', () => {
    const clock = offsetClock(-75 * 86_400_000);
    const expected = Date.now() - 75 * 86_400_000;
    expect(Math.abs(clock.now().getTime() - expected)).toBeLessThan(5_000);
    expect(clock.description).toMatch(/^offset -75d \(now /);
  });

  it('reads offsets in days, hours, minutes and seconds', () => {
    expect(parseOffset('-75d')).toBe(-75 * 86_400_000);
    expect(parseOffset('+3h')).toBe(3 * 3_600_000);
    expect(parseOffset('90m')).toBe(90 * 60_000);
    expect(parseOffset('-1d12h')).toBe(-36 * 3_600_000);
    expect(parseOffset('yesterday')).toBeNull();
    expect(parseOffset('-1.5d')).toBeNull();
  });
});

describe('the clock in the configuration', () => {
  it('is the system clock unless CLOCK_AT or CLOCK_OFFSET is set', () => {
    expect(clockFrom(loadConfig({}))).toBe(systemClock);
    expect(
      clockFrom(loadConfig({ CLOCK_AT: '2026-09-21' }))
        .now()
        .toISOString(),
    ).toBe('2026-09-21T01:00:00.000Z');
    expect(clockFrom(loadConfig({ CLOCK_AT: '2026-09-21T22:00:00+08:00' })).today()).toBe('2026-09-21');
    expect(clockFrom(loadConfig({ CLOCK_OFFSET: '-1d' })).description).toMatch(/^offset -1d/);
  });

  it('refuses a bad value, both at once, and either in production unless explicitly allowed', () => {
    expect(() => loadConfig({ CLOCK_AT: '21/9/2026' })).toThrow(/CLOCK_AT: must be an ISO date-time/);
    expect(() => loadConfig({ CLOCK_OFFSET: 'soon' })).toThrow(/CLOCK_OFFSET: must be an offset/);
    expect(() => loadConfig({ CLOCK_AT: '2026-09-21', CLOCK_OFFSET: '-1d' })).toThrow(/not both/);
    expect(() => loadConfig({ NODE_ENV: 'production', CLOCK_AT: '2026-09-21' })).toThrow(/CLOCK_AT: is refused in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', CLOCK_OFFSET: '-1d' })).toThrow(/CLOCK_OFFSET: is refused in production/);
    expect(clockFrom(loadConfig({ NODE_ENV: 'production', CLOCK_AT: '2026-09-21', ALLOW_CLOCK_OVERRIDE: 'true' })).today()).toBe('2026-09-21');
  });
});

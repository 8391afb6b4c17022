import { describe, expect, it } from 'vitest';
import { uuidFromName } from './ids.ts';
import { uuidv7 } from './uuidv7.ts';

describe('uuidv7 (server and browser alike)', () => {
  it('makes version-7 UUIDs that sort by time', () => {
    const a = uuidv7(Date.parse('2026-06-18T08:00:00Z'));
    const b = uuidv7(Date.parse('2026-06-18T08:00:01Z'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe(Date.parse('2026-06-18T08:00:00Z').toString(16).padStart(12, '0'));
  });

  it('differs every time within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => uuidv7(0)));
    expect(ids.size).toBe(1_000);
    expect([...ids][0]!.startsWith('00000000-0000-7')).toBe(true);
  });
});

describe('uuidFromName', () => {
  it('gives the same version-8 UUID for the same name', () => {
    expect(uuidFromName('branch:1')).toBe(uuidFromName('branch:1'));
    expect(uuidFromName('branch:1')).not.toBe(uuidFromName('branch:2'));
    expect(uuidFromName('branch:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

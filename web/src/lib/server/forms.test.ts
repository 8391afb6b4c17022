import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

describe('where to go next', () => {
  it.each([
    ['/units/abc?month=2026-06#decide', '/units/abc?month=2026-06#decide'],
    ['/', '/'],
    [null, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'], // browsers read /\ as //
    ['/\t/evil.example', '/'], // a tab: dropped by browsers, and no valid Location header
    ['/\n/evil.example', '/'],
    ['/%09/evil.example', '/%09/evil.example'], // still escaped: a path on this site
    ['javascript:alert(1)', '/'],
  ])('%j goes to %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

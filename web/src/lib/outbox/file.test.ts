/** The export file round-trips, and only outbox files of API submissions are read back. */
import { describe, expect, it } from 'vitest';
import { fileName, fromFile, toFile } from './file.ts';
import { normalise } from './types.ts';

describe('the outbox file', () => {
  const entry = normalise({
    submissionId: '01a200d4-51de-7de6-9369-d1bab1c90736',
    url: '/api/units',
    body: { name: '东风村团支部' },
    label: '东风村团支部 · 新建团组织',
  });

  it('round-trips the entries', () => {
    const text = toFile([entry], new Date('2026-06-18T08:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'league-pulse-outbox', version: 1, exportedAt: '2026-06-18T08:00:00.000Z' });
    expect(fromFile(text)).toEqual([entry]);
    expect(fileName(new Date('2026-06-18T08:00:00Z'))).toBe('league-pulse-outbox-2026-06-18-08-00-00.json');
  });

  it('refuses other files, skips entries not aimed at the API, and fills fields older files lack', () => {
    expect(() => fromFile('{"entries": []}')).toThrow();
    expect(() => fromFile('not json')).toThrow();
    const text = JSON.stringify({
      format: 'league-pulse-outbox',
      version: 1,
      entries: [
        { ...entry, url: 'https://elsewhere.example/steal' },
        { submissionId: 'x', url: '/api/units', label: 'old' },
      ],
    });
    expect(fromFile(text)).toEqual([expect.objectContaining({ submissionId: 'x', status: 'pending', attempts: 0, method: 'POST', owner: null })]);
  });
});

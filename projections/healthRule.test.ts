import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, monthsBetween } from './calendar.ts';
import { firstDue, notYetAssessed, unassessedSince } from './healthRule.ts';

describe('not yet assessed (未评定)', () => {
  it('a branch is first held to the due day of the first month it was open and entered before that month’s due day', () => {
    // Founded years ago, imported on 5 December (November's due day): December's report, due 5 January, is its first.
    expect(firstDue({ openedOn: '2015-03-01', knownSince: '2026-12-05' }, 5)).toEqual({ month: '2026-12', due: '2027-01-05' });
    // Imported on 4 December, before November's due day: November's report is its first.
    expect(firstDue({ openedOn: '2015-03-01', knownSince: '2026-12-04' }, 5)).toEqual({ month: '2026-11', due: '2026-12-05' });
    // Founded after it was entered (a branch entered ahead of its founding day): its founding month.
    expect(firstDue({ openedOn: '2027-02-10', knownSince: '2026-12-20' }, 5)).toEqual({ month: '2027-02', due: '2027-03-05' });
    // A due day of 31 in a short month is its last day.
    expect(firstDue({ openedOn: '2026-01-15', knownSince: '2026-01-15' }, 31)).toEqual({ month: '2026-01', due: '2026-02-28' });
  });

  it('given a branch imported on 5 December, when asked on each day, then it is 未评定 until its first due day has passed', () => {
    const entry = { openedOn: '2015-03-01', knownSince: '2026-12-05' };
    expect(notYetAssessed(entry, '2026-11', '2026-12-05', 5)).toBe(true);
    expect(notYetAssessed(entry, '2026-12', '2027-01-05', 5)).toBe(true);
    // The day after: December is judged (重建 if nothing came); November never could have been.
    expect(notYetAssessed(entry, '2026-12', '2027-01-06', 5)).toBe(false);
    expect(notYetAssessed(entry, '2027-01', '2027-02-10', 5)).toBe(false);
    expect(notYetAssessed(entry, '2026-11', '2027-03-01', 5)).toBe(true);
  });

  it('every branch opened and entered before unassessedSince has had a due day it could meet (so only later ones are looked at)', () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(day, day, day, fc.integer({ min: 1, max: 31 }), (opened, known, today, dueDay) => {
        const entered = opened > known ? opened : known;
        for (const month of monthsBetween(opened.slice(0, 7), today.slice(0, 7))) {
          if (entered < unassessedSince(month, today))
            expect(notYetAssessed({ openedOn: opened, knownSince: known }, month, today, dueDay), `${opened} ${known} ${month} ${today} ${dueDay}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

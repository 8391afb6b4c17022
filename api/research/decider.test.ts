import { describe, expect, it } from 'vitest';
import type { Role } from '../../events/catalog/account.ts';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { researchDecider, type Visit } from './decider.ts';

const spec = deciderSpec(researchDecider);
const roundId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const teamId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const recordId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293';
const researcher = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718294';
const manager = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718295';
const county = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718296';
const otherCounty = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718297';
const rule =
  (code: string, field?: string, params: Record<string, string> = {}) =>
  (error: unknown) => {
    expect(error).toBeInstanceOf(DomainRuleError);
    expect((error as DomainRuleError).code).toBe(code);
    expect((error as DomainRuleError).field).toBe(field);
    expect((error as DomainRuleError).params).toEqual(params);
  };

describe('a research round (decider)', () => {
  const declare = { type: 'declareRound' as const, roundId, unitId, name: '2026 年暑期调研', startsOn: '2026-07-01', endsOn: '2026-07-15' };
  const declared = { type: 'ResearchRoundDeclared' as const, data: { roundId, unitId, name: '2026 年暑期调研', startsOn: '2026-07-01', endsOn: '2026-07-15' } };

  it('given nothing, when declared, then declared', () => {
    spec.given([]).when(declare).then([declared]);
  });

  it('given it was declared, when declared again, then nothing more is written', () => {
    spec.given([declared]).when(declare).then([]);
  });
});

describe('a research team (decider)', () => {
  const form = (members: Array<{ userId: string; role: Role | null }>, regions: Array<{ unitId: string; withinRound: boolean }>) => ({
    type: 'formTeam' as const,
    teamId,
    roundId,
    name: '第一调研组',
    members,
    regions,
  });
  const formed = { type: 'ResearchTeamFormed' as const, data: { teamId, roundId, name: '第一调研组', memberIds: [researcher], regionIds: [county] } };

  it('given nothing, when formed of researchers for regions within the round’s unit, then formed', () => {
    spec
      .given([])
      .when(form([{ userId: researcher, role: 'researcher' }], [{ unitId: county, withinRound: true }]))
      .then([formed]);
  });

  it('given it was formed, when formed again, then nothing more is written', () => {
    spec
      .given([formed])
      .when(form([{ userId: researcher, role: 'researcher' }], [{ unitId: county, withinRound: true }]))
      .then([]);
  });

  it('a member whose account is not a researcher’s, or who has no account, is refused on memberIds (notResearchers)', () => {
    spec
      .given([])
      .when(
        form(
          [
            { userId: researcher, role: 'researcher' },
            { userId: manager, role: 'manager' },
          ],
          [{ unitId: county, withinRound: true }],
        ),
      )
      .thenThrows(rule('notResearchers', 'memberIds'));
    spec
      .given([])
      .when(form([{ userId: manager, role: null }], [{ unitId: county, withinRound: true }]))
      .thenThrows(rule('notResearchers', 'memberIds'));
  });

  it('a region outside the round’s unit (or no unit at all) is refused on regionIds (regionOutsideRound)', () => {
    spec
      .given([])
      .when(
        form(
          [{ userId: researcher, role: 'researcher' }],
          [
            { unitId: county, withinRound: true },
            { unitId: otherCounty, withinRound: false },
          ],
        ),
      )
      .thenThrows(rule('regionOutsideRound', 'regionIds'));
  });

  it('the members are checked before the regions', () => {
    spec
      .given([])
      .when(form([{ userId: manager, role: 'manager' }], [{ unitId: otherCounty, withinRound: false }]))
      .thenThrows(rule('notResearchers', 'memberIds'));
  });
});

describe('a visit record (decider)', () => {
  const dates = { startsOn: '2026-07-01', endsOn: '2026-07-15', today: '2026-07-10' };
  const visit = (date: string, regionId = county): Visit => ({
    regionId,
    item: 'youthForum',
    date,
    place: '镇政府',
    participants: { count: 12, who: '' },
    notes: '',
    findings: [{ topic: 'gathering', text: '返乡青年多在合作社' }],
    recommendations: '',
    location: null,
  });
  const record = (date: string, regionId = county, attachments: Array<{ sha256: string; name: string; type: 'image/jpeg'; size: number }> = []) => ({
    type: 'recordVisit' as const,
    recordId,
    team: { teamId, roundId, regionIds: [county] },
    dates,
    visit: visit(date, regionId),
    attachments,
  });
  const recorded = (date: string) => ({ type: 'VisitItemRecorded' as const, data: { recordId, roundId, teamId, ...visit(date) } });
  const photo = { sha256: 'a'.repeat(64), name: 'forum.jpg', type: 'image/jpeg' as const, size: 1024 };

  it('given nothing, when recorded for a day of the round up to today in a region of the team, then recorded', () => {
    spec
      .given([])
      .when(record('2026-07-01'))
      .then([recorded('2026-07-01')]);
    spec
      .given([])
      .when(record('2026-07-10'))
      .then([recorded('2026-07-10')]);
  });

  it('a record with photos names them; one without has no attachments at all', () => {
    spec
      .given([])
      .when(record('2026-07-02', county, [photo]))
      .then([{ type: 'VisitItemRecorded', data: { ...recorded('2026-07-02').data, attachments: [photo] } }]);
  });

  it('given it was recorded, when recorded again, then nothing more is written', () => {
    spec
      .given([recorded('2026-07-02')])
      .when(record('2026-07-02'))
      .then([]);
  });

  it('a region not assigned to the team is refused on regionId (regionNotAssigned), before the day is looked at', () => {
    spec.given([]).when(record('2026-07-02', otherCounty)).thenThrows(rule('regionNotAssigned', 'regionId'));
    spec.given([]).when(record('2026-08-01', otherCounty)).thenThrows(rule('regionNotAssigned', 'regionId'));
  });

  it('a day before or after the round is refused on date (visitOutsideRound), with the round’s dates and today for the message', () => {
    spec
      .given([])
      .when(record('2026-06-30'))
      .thenThrows(rule('visitOutsideRound', 'date', dates));
    spec
      .given([])
      .when(record('2026-07-16'))
      .thenThrows(rule('visitOutsideRound', 'date', dates));
  });

  it('a day of the round after today is refused on date (visitInFuture)', () => {
    spec
      .given([])
      .when(record('2026-07-11'))
      .thenThrows(rule('visitInFuture', 'date', dates));
  });
});

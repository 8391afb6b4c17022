import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { bulletinDecider, campaignDecider, deliverableDecider } from './decider.ts';
import { hundredDaysTemplate } from '../../events/catalog/campaignTemplate.ts';

const campaignId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const first = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const second = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293';
const template = hundredDaysTemplate(2026);
const declared = { type: 'CampaignDeclared' as const, data: { campaignId, unitId, name: '百日集中行动', template: 'hundredDays' as const, ...template } };
const rule = (code: string, field?: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(DomainRuleError);
  expect((error as DomainRuleError).code).toBe(code);
  if (field) expect((error as DomainRuleError).field).toBe(field);
};

describe('the template of the source plan', () => {
  it('holds the three phases and the deadlines of the 100-day drive', () => {
    expect(template.phases).toEqual([
      { key: 'survey', start: '2026-06-18', end: '2026-07-05' },
      { key: 'mobilise', start: '2026-07-06', end: '2026-08-31' },
      { key: 'summarise', start: '2026-09-01', end: '2026-09-30' },
    ]);
    expect(Object.fromEntries(template.deadlines.map((d) => [d.kind, d.due]))).toEqual({
      baseline: '2026-07-05',
      rectification: '2026-07-05',
      case: '2026-09-20',
      summary: '2026-09-25',
      tables: '2026-09-25',
    });
  });
});

describe('a campaign (decider)', () => {
  const spec = deciderSpec(campaignDecider);
  const declare = { type: 'declare' as const, campaignId, unitId, name: '百日集中行动', ...template };

  it('given nothing, when declared from the template, then declared', () => {
    spec.given([]).when(declare).then([declared]);
  });

  it('given it was declared, when declared again, then refused', () => {
    spec.given([declared]).when(declare).thenThrows(rule('campaignExists'));
  });

  it('refuses phases that overlap or run backwards', () => {
    const overlapping = template.phases.map((p) => (p.key === 'mobilise' ? { ...p, start: '2026-07-05' } : p));
    spec
      .given([])
      .when({ ...declare, phases: overlapping })
      .thenThrows(rule('phasesOverlap', 'phases.1.start'));
    const backwards = template.phases.map((p) => (p.key === 'summarise' ? { ...p, end: '2026-08-30' } : p));
    spec
      .given([])
      .when({ ...declare, phases: backwards })
      .thenThrows(rule('endsBeforeStart', 'phases.2.end'));
  });

  it('given it was declared, when a phase is extended, then the dates before and after with the reason', () => {
    spec
      .given([declared])
      .when({ type: 'reschedulePhase', phase: 'mobilise', start: '2026-07-06', end: '2026-08-25', reason: '提前完成' })
      .then([
        {
          type: 'CampaignPhaseRescheduled',
          data: {
            campaignId,
            phase: 'mobilise',
            from: { start: '2026-07-06', end: '2026-08-31' },
            to: { start: '2026-07-06', end: '2026-08-25' },
            reason: '提前完成',
          },
        },
      ]);
  });

  it('refuses to extend a phase into the next one, on the field that is wrong', () => {
    spec
      .given([declared])
      .when({ type: 'reschedulePhase', phase: 'survey', start: '2026-06-18', end: '2026-07-10', reason: '延长' })
      .thenThrows(rule('phasesOverlap', 'start'));
  });

  it('given the next phase was moved later, an extension into the freed days is accepted', () => {
    const moved = {
      type: 'CampaignPhaseRescheduled' as const,
      data: {
        campaignId,
        phase: 'mobilise' as const,
        from: { start: '2026-07-06', end: '2026-08-31' },
        to: { start: '2026-07-16', end: '2026-08-31' },
        reason: '汛期',
      },
    };
    spec
      .given([declared, moved])
      .when({ type: 'reschedulePhase', phase: 'survey', start: '2026-06-18', end: '2026-07-15', reason: '汛期延长' })
      .then([
        {
          type: 'CampaignPhaseRescheduled',
          data: {
            campaignId,
            phase: 'survey',
            from: { start: '2026-06-18', end: '2026-07-05' },
            to: { start: '2026-06-18', end: '2026-07-15' },
            reason: '汛期延长',
          },
        },
      ]);
  });

  it('when a phase is given the dates it has, then nothing happens', () => {
    spec.given([declared]).when({ type: 'reschedulePhase', phase: 'summarise', start: '2026-09-01', end: '2026-09-30', reason: '不变' }).then([]);
  });

  it('moves a deadline within the drive, and refuses one far outside it', () => {
    spec
      .given([declared])
      .when({ type: 'rescheduleDeadline', kind: 'tables', due: '2026-09-28', reason: '国庆前' })
      .then([{ type: 'CampaignDeadlineRescheduled', data: { campaignId, kind: 'tables', from: '2026-09-25', to: '2026-09-28', reason: '国庆前' } }]);
    spec
      .given([declared])
      .when({ type: 'rescheduleDeadline', kind: 'tables', due: '2027-01-15', reason: '太晚' })
      .thenThrows(rule('dueOutsideCampaign', 'due'));
  });

  it('refuses to reschedule a drive that was never declared', () => {
    spec.given([]).when({ type: 'rescheduleDeadline', kind: 'case', due: '2026-09-18', reason: '提前' }).thenThrows(rule('noCampaign'));
  });
});

describe('a deliverable (decider)', () => {
  const spec = deciderSpec(deliverableDecider);
  const content = { kind: 'summary' as const, text: '总结'.repeat(60) };
  const submit = (submissionId: string, submittedAt = '2026-09-20T02:00:00.000Z') => ({
    type: 'submit' as const,
    campaignId,
    unitId,
    submissionId,
    content,
    submittedAt,
    receivedAt: '2026-09-20T02:00:03.000Z',
    unitKind: 'township' as const,
    organisations: null,
  });
  const submitted = (submissionId: string, supersedes: string | null = null) => ({
    type: 'DeliverableSubmitted' as const,
    data: { campaignId, unitId, submissionId, content, supersedes, submittedAt: '2026-09-20T02:00:00.000Z' },
  });
  const approved = { type: 'DeliverableApproved' as const, data: { campaignId, unitId, kind: 'summary' as const, submissionId: first } };
  const returned = { type: 'DeliverableReturned' as const, data: { campaignId, unitId, kind: 'summary' as const, submissionId: first, reason: '请补充数据' } };

  it('given nothing, when submitted, then submitted', () =>
    spec
      .given([])
      .when(submit(first))
      .then([submitted(first)]));
  it('given it was returned, when corrected, then a submission superseding the first', () => {
    spec
      .given([submitted(first), returned])
      .when(submit(second))
      .then([submitted(second, first)]);
  });
  it('given it was submitted, when the level above approves, then approved', () => {
    spec
      .given([submitted(first)])
      .when({ type: 'approve', campaignId, unitId, kind: 'summary', version: first })
      .then([approved]);
  });
  it('given a correction arrived after the approver opened the first version, approving or returning it is refused', () => {
    spec
      .given([submitted(first), submitted(second, first)])
      .when({ type: 'approve', campaignId, unitId, kind: 'summary', version: first })
      .thenThrows(rule('newerVersion'));
    spec
      .given([submitted(first), submitted(second, first)])
      .when({ type: 'return', campaignId, unitId, kind: 'summary', reason: '请补充', version: first })
      .thenThrows(rule('newerVersion'));
  });
  it('given a device time more than 31 days before arrival, the submission is refused', () => {
    spec.given([]).when(submit(first, '2026-08-19T02:00:00.000Z')).thenThrows(rule('deviceTimeTooOld'));
    spec
      .given([])
      .when(submit(first, '2026-08-20T02:00:03.000Z'))
      .then([expect.objectContaining({ type: 'DeliverableSubmitted' })]);
  });
  it('given it was approved, it is locked', () => {
    spec
      .given([submitted(first), approved])
      .when(submit(second))
      .thenThrows(rule('deliverableLocked'));
    spec
      .given([submitted(first), approved])
      .when({ type: 'return', campaignId, unitId, kind: 'summary', reason: '再改', version: first })
      .thenThrows(rule('deliverableLocked'));
  });
  it('given it was returned, it cannot be approved until corrected', () => {
    spec
      .given([submitted(first), returned])
      .when({ type: 'approve', campaignId, unitId, kind: 'summary', version: first })
      .thenThrows(rule('deliverableAwaitingCorrection'));
  });
  it('a deliverable the unit does not owe is refused on kind (notOwed), before anything else', () => {
    spec
      .given([])
      .when({ ...submit(first), unitKind: 'organisation' })
      .thenThrows(rule('notOwed', 'kind'));
    spec
      .given([])
      .when({ ...submit(first), unitKind: 'province' })
      .thenThrows(rule('notOwed', 'kind'));
    spec
      .given([submitted(first), approved])
      .when({ ...submit(second), unitKind: 'organisation' })
      .thenThrows(rule('notOwed', 'kind'));
    spec
      .given([])
      .when({ ...submit(first), unitKind: 'county' })
      .then([submitted(first)]);
  });
  it('a baseline of a township without organisations is refused (noBranches)', () => {
    const baseline = { kind: 'baseline' as const, month: '2026-06', classes: [] };
    spec
      .given([])
      .when({ ...submit(first), content: baseline })
      .thenThrows(rule('noBranches'));
    const one = { ...baseline, classes: [{ unitId: second, healthClass: 'consolidate' as const }] };
    spec
      .given([])
      .when({ ...submit(first), content: one })
      .then([{ type: 'DeliverableSubmitted', data: { ...submitted(first).data, content: one } }]);
  });
  it('a rectification list names only the township’s organisations (branchNotInTownship on the branch sent), each kept once', () => {
    const plan = '逐个支部排查问题,明确责任人和整改时限。';
    const list = (branches: string[]) => ({ ...submit(first), content: { kind: 'rectification' as const, branches, plan }, organisations: [first, second] });
    spec
      .given([])
      .when(list([second, second, unitId]))
      .thenThrows(rule('branchNotInTownship', 'branches.2'));
    spec
      .given([])
      .when(list([second, first, second]))
      .then([{ type: 'DeliverableSubmitted', data: { ...submitted(first).data, content: { kind: 'rectification', branches: [second, first], plan } } }]);
  });
  it('given nothing, there is nothing to approve or return', () => {
    spec.given([]).when({ type: 'approve', campaignId, unitId, kind: 'summary', version: first }).thenThrows(rule('nothingSubmitted'));
    spec.given([]).when({ type: 'return', campaignId, unitId, kind: 'summary', reason: '缺', version: first }).thenThrows(rule('nothingSubmitted'));
  });
});

describe('a bulletin (decider)', () => {
  const spec = deciderSpec(bulletinDecider);
  const row = { unitId, name: '城关镇团委', rank: 1, score: 62.5, deliverables: 1, targets: 0.5, reporting: 0.25, workManual: 0, talk: false };
  const command = {
    campaignId,
    unitId,
    publisherKind: 'county' as const,
    level: 'township' as const,
    month: '2026-07',
    asOf: '2026-07-31',
    rows: [row],
    note: '',
    months: ['2026-06', '2026-07', '2026-08', '2026-09'],
    today: '2026-08-02',
  };
  const { publisherKind: _kind, months: _months, today: _today, ...published } = command;
  it('is published once, then frozen, with the level it ranks', () => {
    spec
      .given([])
      .when(command)
      .then([{ type: 'BulletinPublished', data: published }]);
    spec
      .given([{ type: 'BulletinPublished', data: published }])
      .when(command)
      .thenThrows(rule('bulletinPublished'));
  });
  it('given a county, ranks only a level below it: its townships, not cities or counties', () => {
    spec
      .given([])
      .when({ ...command, level: 'county' })
      .thenThrows(rule('levelNotBelow'));
    spec
      .given([])
      .when({ ...command, level: 'city' })
      .thenThrows(rule('levelNotBelow'));
    spec
      .given([])
      .when({ ...command, publisherKind: 'province', level: 'township' })
      .then([{ type: 'BulletinPublished', data: published }]);
  });
  it('a month of the drive that has begun, this month too; another month, or one still to come, is monthOutsideCampaign on month (checked first)', () => {
    spec
      .given([])
      .when({ ...command, month: '2026-08', today: '2026-08-01' })
      .then([{ type: 'BulletinPublished', data: { ...published, month: '2026-08' } }]);
    spec
      .given([])
      .when({ ...command, month: '2026-05' })
      .thenThrows(rule('monthOutsideCampaign', 'month'));
    spec
      .given([])
      .when({ ...command, month: '2026-10', today: '2026-10-15' })
      .thenThrows(rule('monthOutsideCampaign', 'month'));
    spec
      .given([])
      .when({ ...command, month: '2026-09', today: '2026-08-31' })
      .thenThrows(rule('monthOutsideCampaign', 'month'));
    spec
      .given([{ type: 'BulletinPublished', data: { ...published, month: '2026-05' } }])
      .when({ ...command, month: '2026-05' })
      .thenThrows(rule('monthOutsideCampaign', 'month'));
  });
  it('given a township (nothing below it to rank) or no unit at the level, refuses', () => {
    spec
      .given([])
      .when({ ...command, publisherKind: 'township', level: null })
      .thenThrows(rule('noUnitsToRank'));
    spec
      .given([])
      .when({ ...command, rows: [] })
      .thenThrows(rule('noUnitsToRank'));
  });
});

/**
 * The deciders of the drive: the campaign itself (stream `campaign-<id>`: declared, phases
 * and deadlines rescheduled), one deliverable of one unit (stream
 * `deliverable-<campaign>-<kind>-<unit>`: submitted, corrected, approved or returned) and a
 * bulletin (stream `bulletin-<campaign>-<unit>-<month>`: published once).
 */
import type { BulletinRow, Deadline, DeliverableContent, DeliverableKind, Phase, PhaseKey, RankedLevel } from '../../events/catalog/campaign.ts';
import type { UnitKind } from '../../events/catalog/organisation.ts';
import { levelsBelow } from '../../projections/campaignBulletin.ts';
import { kindsOwedBy } from '../../projections/campaignDuties.ts';
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import { addDays } from '../../projections/calendar.ts';
import { DomainRuleError, requireTrustedDeviceTime, type Decider } from '../decider.ts';

export type CampaignCommand =
  | { type: 'declare'; campaignId: string; unitId: string; name: string; phases: Phase[]; deadlines: Deadline[]; newSince: string }
  | { type: 'reschedulePhase'; phase: PhaseKey; start: string; end: string; reason: string }
  | { type: 'rescheduleDeadline'; kind: DeliverableKind; due: string; reason: string };

export interface CampaignState {
  campaignId: string | null;
  phases: Phase[];
  deadlines: Deadline[];
}

/** Phases follow one another: each starts on or before it ends, and after the one before ends. */
export function checkPhases(phases: Phase[]): void {
  phases.forEach((phase, i) => {
    if (phase.end < phase.start) throw new DomainRuleError('endsBeforeStart', `the phase ${phase.key} ends before it starts`, `phases.${i}.end`);
    const before = phases[i - 1];
    if (before && phase.start <= before.end)
      throw new DomainRuleError('phasesOverlap', `the phase ${phase.key} starts before ${before.key} ends`, `phases.${i}.start`);
  });
}

/** A deadline lies within the drive or up to 60 days after it (final inspection). */
function checkDeadline(phases: Phase[], deadline: { due: string }, field: string): void {
  const first = phases[0]!.start;
  const last = addDays(phases[phases.length - 1]!.end, 60);
  if (deadline.due < first || deadline.due > last)
    throw new DomainRuleError('dueOutsideCampaign', `the due date ${deadline.due} is outside the drive (${first} – ${last})`, field);
}

export const campaignDecider: Decider<CampaignState, CampaignCommand> = {
  initialState: () => ({ campaignId: null, phases: [], deadlines: [] }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'CampaignDeclared':
        return { campaignId: event.data.campaignId, phases: event.data.phases, deadlines: event.data.deadlines };
      case 'CampaignPhaseRescheduled':
        return { ...state, phases: state.phases.map((phase) => (phase.key === event.data.phase ? { ...phase, ...event.data.to } : phase)) };
      case 'CampaignDeadlineRescheduled':
        return { ...state, deadlines: state.deadlines.map((deadline) => (deadline.kind === event.data.kind ? { ...deadline, due: event.data.to } : deadline)) };
      default:
        return state;
    }
  },
  decide(command, state): DomainEvent[] {
    if (command.type === 'declare') {
      if (state.campaignId) throw new DomainRuleError('campaignExists', 'this drive has already been declared');
      checkPhases(command.phases);
      command.deadlines.forEach((deadline, i) => {
        checkDeadline(command.phases, deadline, `deadlines.${i}.due`);
      });
      const { campaignId, unitId, name, phases, deadlines, newSince } = command;
      return [{ type: 'CampaignDeclared', data: { campaignId, unitId, name, template: 'hundredDays', phases, deadlines, newSince } }];
    }
    if (!state.campaignId) throw new DomainRuleError('noCampaign', 'there is no such drive');
    const campaignId = state.campaignId;
    if (command.type === 'reschedulePhase') {
      const current = state.phases.find((phase) => phase.key === command.phase)!;
      if (current.start === command.start && current.end === command.end) return [];
      const phases = state.phases.map((phase) => (phase.key === command.phase ? { ...phase, start: command.start, end: command.end } : phase));
      try {
        checkPhases(phases);
      } catch (error) {
        // Report the error on the form's own fields (start / end), not the whole list's.
        if (error instanceof DomainRuleError) throw new DomainRuleError(error.code, error.message, error.code === 'endsBeforeStart' ? 'end' : 'start');
        throw error;
      }
      return [
        {
          type: 'CampaignPhaseRescheduled',
          data: {
            campaignId,
            phase: command.phase,
            from: { start: current.start, end: current.end },
            to: { start: command.start, end: command.end },
            reason: command.reason,
          },
        },
      ];
    }
    const current = state.deadlines.find((deadline) => deadline.kind === command.kind)!;
    if (current.due === command.due) return [];
    checkDeadline(state.phases, command, 'due');
    return [{ type: 'CampaignDeadlineRescheduled', data: { campaignId, kind: command.kind, from: current.due, to: command.due, reason: command.reason } }];
  },
};

export type DeliverableCommand =
  | {
      type: 'submit';
      campaignId: string;
      unitId: string;
      submissionId: string;
      content: DeliverableContent;
      submittedAt: string;
      receivedAt: string;
      /** The kind of the unit submitting: which deliverables it owes (projections/campaignDuties.ts). */
      unitKind: UnitKind;
      /**
       * For a rectification list: the organisations the township has today, which the list must
       * name only from (the list as sent, repeats and all, so a refusal names the field sent).
       */
      organisations: readonly string[] | null;
    }
  | { type: 'approve'; campaignId: string; unitId: string; kind: DeliverableKind; version: string }
  | { type: 'return'; campaignId: string; unitId: string; kind: DeliverableKind; reason: string; version: string };

export interface DeliverableState {
  currentId: string | null;
  status: 'none' | 'submitted' | 'approved' | 'returned';
}

export const deliverableDecider: Decider<DeliverableState, DeliverableCommand> = {
  initialState: () => ({ currentId: null, status: 'none' }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'DeliverableSubmitted':
        return { currentId: event.data.submissionId, status: 'submitted' };
      case 'DeliverableApproved':
        return { ...state, status: 'approved' };
      case 'DeliverableReturned':
        return { ...state, status: 'returned' };
      default:
        return state;
    }
  },
  decide(command, state): DomainEvent[] {
    switch (command.type) {
      case 'submit': {
        const { campaignId, unitId, submissionId, submittedAt } = command;
        const content = checkContent(command);
        if (state.status === 'approved') throw new DomainRuleError('deliverableLocked', 'this deliverable is approved and locked');
        requireTrustedDeviceTime(command.submittedAt, command.receivedAt);
        return [{ type: 'DeliverableSubmitted', data: { campaignId, unitId, submissionId, content, supersedes: state.currentId, submittedAt } }];
      }
      case 'approve':
        if (state.status === 'none') throw new DomainRuleError('nothingSubmitted', 'nothing has been submitted yet');
        if (command.version !== state.currentId) throw new DomainRuleError('newerVersion', 'a newer version arrived after this one was opened', 'version');
        if (state.status === 'approved') return [];
        if (state.status === 'returned') throw new DomainRuleError('deliverableAwaitingCorrection', 'it was returned; it can be approved once corrected');
        return [
          { type: 'DeliverableApproved', data: { campaignId: command.campaignId, unitId: command.unitId, kind: command.kind, submissionId: state.currentId! } },
        ];
      case 'return':
        if (state.status === 'none') throw new DomainRuleError('nothingSubmitted', 'nothing has been submitted yet');
        if (command.version !== state.currentId) throw new DomainRuleError('newerVersion', 'a newer version arrived after this one was opened', 'version');
        if (state.status === 'approved') throw new DomainRuleError('deliverableLocked', 'this deliverable is approved and locked');
        if (state.status === 'returned') return [];
        return [
          {
            type: 'DeliverableReturned',
            data: { campaignId: command.campaignId, unitId: command.unitId, kind: command.kind, submissionId: state.currentId!, reason: command.reason },
          },
        ];
    }
  },
};

/**
 * What a unit may submit: a deliverable it owes; a baseline of a township that has organisations;
 * a rectification list naming only the township's own organisations (each once, as kept).
 */
function checkContent(command: Extract<DeliverableCommand, { type: 'submit' }>): DeliverableContent {
  const { content, unitKind } = command;
  if (!kindsOwedBy(unitKind).includes(content.kind)) throw new DomainRuleError('notOwed', `a ${unitKind} does not owe ${content.kind}`, 'kind');
  if (content.kind === 'baseline' && content.classes.length === 0) throw new DomainRuleError('noBranches', 'the township has no organisations');
  if (content.kind === 'rectification') {
    const open = new Set(command.organisations ?? []);
    content.branches.forEach((id, i) => {
      if (!open.has(id)) throw new DomainRuleError('branchNotInTownship', `${id} is not an organisation of this township`, `branches.${i}`);
    });
    return { ...content, branches: [...new Set(content.branches)] };
  }
  return content;
}

/**
 * The month's ranking as worked out at the publisher (`publisherKind`) for the level it chose,
 * with the drive's months (`YYYY-MM`, first to last) and today, which say whether the month may be
 * published at all.
 */
export type BulletinCommand = {
  campaignId: string;
  unitId: string;
  publisherKind: UnitKind;
  level: RankedLevel | null;
  month: string;
  asOf: string;
  rows: BulletinRow[];
  note: string;
  months: readonly string[];
  today: string;
};

/**
 * A bulletin is published once: what was published stays as it was. It ranks a level below its
 * publisher (a county its townships; a province its cities, counties or townships), and something,
 * for a month of the drive that has begun.
 */
export const bulletinDecider: Decider<boolean, BulletinCommand> = {
  initialState: () => false,
  evolve: (published, event) => published || event.type === 'BulletinPublished',
  decide(command, published): DomainEvent[] {
    // A month of the drive that has begun: a bulletin reports on what was done, not on what is still to come.
    if (!command.months.includes(command.month) || command.month > command.today.slice(0, 7)) {
      throw new DomainRuleError('monthOutsideCampaign', `the month ${command.month} is not a month of the drive so far`, 'month');
    }
    if (published) throw new DomainRuleError('bulletinPublished', 'the bulletin for this month has already been published');
    const levels = levelsBelow(command.publisherKind);
    if (levels.length === 0 || command.level === null) throw new DomainRuleError('noUnitsToRank', 'there are no units under this one to rank', 'unitId');
    if (!levels.includes(command.level))
      throw new DomainRuleError('levelNotBelow', `a ${command.publisherKind} cannot rank the ${command.level} level`, 'level');
    if (command.rows.length === 0) throw new DomainRuleError('noUnitsToRank', 'there are no units under this one to rank', 'unitId');
    const { campaignId, unitId, month, asOf, rows, note } = command;
    const level = command.level;
    return [{ type: 'BulletinPublished', data: { campaignId, unitId, month, asOf, rows, note, level } }];
  },
};

export const campaignStream = (campaignId: string) => `campaign-${campaignId}`;
export const deliverableStream = (campaignId: string, kind: DeliverableKind, unitId: string) => `deliverable-${campaignId}-${kind}-${unitId}`;
export const bulletinStream = (campaignId: string, unitId: string, month: string) => `bulletin-${campaignId}-${unitId}-${month}`;

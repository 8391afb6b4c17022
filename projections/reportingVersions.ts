/**
 * Where some inputs of the drive's timeline last changed, so an answer computed from them can be
 * kept until then (api/campaigns/routes.ts): each number is the position of the last event that
 * changed that input:
 *   tree     — any unit event (opened, renamed, moved, reclassified, profile, standards, closed, 六有);
 *   settings — a province's reporting settings;
 *   accounts — any account event (names shown in the drive's history).
 * Three numbers, whatever the log's length. (The reporting dashboards keep nothing: they read the
 * counts the monthlyReports tables keep as events arrive.)
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { Projection } from './projection.ts';

export interface ReportingVersionsState {
  tree: number;
  settings: number;
  accounts: number;
}

export const reportingVersions: Projection<ReportingVersionsState> = {
  name: 'reportingVersions',
  version: 3,
  initialState: () => ({ tree: 0, settings: 0, accounts: 0 }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'UnitOpened':
      case 'UnitMoved':
      case 'UnitRenamed':
      case 'UnitReclassified':
      case 'TownshipProfileRecorded':
      case 'StandardsRecorded':
      case 'UnitClosed':
      case 'SixHasConfigured':
        state.tree = Number(event.position);
        return state;
      case 'ReportingSettingsConfigured':
        state.settings = Number(event.position);
        return state;
      case 'AdministratorSetUp':
      case 'UserInvited':
      case 'InvitationAccepted':
      case 'UserDeactivated':
        state.accounts = Number(event.position);
        return state;
      default:
        return state;
    }
  },
};

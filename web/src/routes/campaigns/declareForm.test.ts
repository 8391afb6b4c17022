import { describe, expect, it } from 'vitest';
import { deliverableKinds, phaseKeys } from '../../../../events/catalog/campaign.ts';
import { hundredDaysTemplate } from '../../../../events/catalog/campaignTemplate.ts';
import { deliverableOrder, phaseOrder } from '#lib/i18n/campaigns.ts';
import { declareBody, fieldOfPath, templateValues } from './declareForm.ts';

describe('the declaring form', () => {
  it('lists phases and deliverables in the catalog’s order', () => {
    expect(phaseOrder).toEqual([...phaseKeys]);
    expect(deliverableOrder).toEqual([...deliverableKinds]);
  });

  it('sends the template’s dates as the form holds them, and the year as a number', () => {
    const values = { ...templateValues(hundredDaysTemplate(2026)), submissionId: 's', unitId: 'u', name: '2026年百日集中行动', year: '2026', newSince: '' };
    expect(declareBody(values)).toEqual({
      submissionId: 's',
      unitId: 'u',
      name: '2026年百日集中行动',
      year: 2026,
      phases: hundredDaysTemplate(2026).phases,
      deadlines: hundredDaysTemplate(2026).deadlines.map(({ kind, due }) => ({ kind, due })),
    });
  });

  it('puts each of the API’s messages beside its own date', () => {
    expect(fieldOfPath('phases.1.start')).toBe('phase-mobilise-start');
    expect(fieldOfPath('phases.2.end')).toBe('phase-summarise-end');
    expect(fieldOfPath('deadlines.4.due')).toBe('deadline-tables');
    expect(fieldOfPath('name')).toBe('name');
    expect(fieldOfPath('phases.1.key')).toBe('phases.1.key');
  });
});

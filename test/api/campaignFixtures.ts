/**
 * A drive placed around the API's today (its clock, TEST_NOW unless a test moves it), so its
 * phases are done, current and upcoming: the survey phase ended ten days ago (baseline and list
 * overdue where missing), the summary phase is still to come.
 */
import { uuidv7 } from '../../events/ids.ts';
import { addDays, chinaDate } from '../../projections/calendar.ts';
import type { Auth } from './fixtures.ts';
import type { startTestApi } from './harness.ts';
import { TEST_NOW } from './now.ts';
import { json, send } from './requests.ts';

type Api = Awaited<ReturnType<typeof startTestApi>>;

export const dayFrom = addDays;

export function driveAroundToday(on = chinaDate(TEST_NOW)) {
  return {
    year: Number(on.slice(0, 4)),
    phases: [
      { key: 'survey', start: dayFrom(on, -30), end: dayFrom(on, -10) },
      { key: 'mobilise', start: dayFrom(on, -9), end: dayFrom(on, 5) },
      { key: 'summarise', start: dayFrom(on, 6), end: dayFrom(on, 30) },
    ],
    deadlines: [
      { kind: 'baseline', due: dayFrom(on, -10) },
      { kind: 'rectification', due: dayFrom(on, -10) },
      { kind: 'case', due: dayFrom(on, 20) },
      { kind: 'summary', due: dayFrom(on, 25) },
      { kind: 'tables', due: dayFrom(on, 25) },
    ],
  };
}

export async function declareDrive(api: Api, auth: Auth, unitId: string, name = '百日集中行动'): Promise<string> {
  const { status, body } = await send(api.app, '/api/campaigns', json({ submissionId: uuidv7(), unitId, name, ...driveAroundToday(api.clock.today()) }, auth));
  if (status !== 201) throw new Error(`declaring the drive failed: ${JSON.stringify(body)}`);
  return body.campaignId;
}

/** About 2,000 characters, as the source plan asks of an outstanding case. */
export const caseText = '城关镇团委依托农村专业合作社建立团组织,组织返乡青年开展电商培训和志愿服务,'.repeat(40);

export async function submitDeliverable(api: Api, auth: Auth, campaignId: string, unitId: string, body: Record<string, unknown>) {
  return send(api.app, `/api/campaigns/${campaignId}/deliverables/${unitId}`, json({ submissionId: uuidv7(), ...body }, auth));
}

/**
 * What the field-research pages read besides their own answer: the researchers a team may be
 * formed from, the regions below a round's unit, and the teams and regions the findings
 * browser filters by — all through the API, as the signed-in user may see them.
 */
import { unitKindLabels, type Locale } from '#lib/i18n.ts';
import type { ApiClient } from './api.ts';

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** Researchers (invited or active) the user may see, to form a team from. */
export async function researcherOptions(api: ApiClient): Promise<Option[]> {
  const options: Option[] = [];
  // Page by page (a province may have many researchers); at most 50 pages of 200.
  for (let cursor: string | null = null, pages = 0; pages < 50; pages++) {
    const response = await api.api.users.$get({ query: { role: 'researcher', sort: 'displayName', limit: '200', ...(cursor ? { cursor } : {}) } });
    if (!response.ok) break;
    const page = await response.json();
    for (const user of page.users) {
      if (user.status !== 'deactivated') options.push({ value: user.userId, label: user.displayName, hint: user.units.map((unit) => unit.name).join('、') });
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return options;
}

/** The units below a round's unit, two levels down (a province's cities and counties; a city's counties and townships). */
export async function regionOptions(api: ApiClient, unitId: string, locale: Locale): Promise<Option[]> {
  const children = async (id: string) => {
    const response = await api.api.units[':id'].$get({ param: { id }, query: { composition: 'false' } });
    return response.ok ? (await response.json()).children.filter((child) => !child.closedOn) : [];
  };
  const options: Option[] = [];
  for (const child of await children(unitId)) {
    options.push({ value: child.id, label: child.name, hint: unitKindLabels[child.kind][locale] });
    for (const grandchild of await children(child.id)) {
      options.push({ value: grandchild.id, label: `${child.name} › ${grandchild.name}`, hint: unitKindLabels[grandchild.kind][locale] });
    }
  }
  return options;
}

/** The teams and regions of every round the user may see, for the findings filters. */
export async function findingFilters(api: ApiClient): Promise<{ teams: Option[]; regions: Option[] }> {
  const response = await api.api['research-rounds'].$get({ query: {} });
  if (!response.ok) return { teams: [], regions: [] };
  const { rounds } = await response.json();
  const details = await Promise.all(
    rounds.map(async (round) => {
      const detail = await api.api['research-rounds'][':roundId'].$get({ param: { roundId: round.roundId }, query: {} });
      return detail.ok ? { round, detail: await detail.json() } : null;
    }),
  );
  const teams: Option[] = [];
  const regions = new Map<string, Option>();
  for (const found of details) {
    if (!found) continue;
    for (const team of found.detail.teams) {
      teams.push({ value: team.teamId, label: rounds.length > 1 ? `${team.name}(${found.round.name})` : team.name });
      for (const region of team.regions) regions.set(region.unitId, { value: region.unitId, label: region.name ?? region.unitId });
    }
  }
  return { teams, regions: [...regions.values()].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')) };
}

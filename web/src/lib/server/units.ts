/** Reading the tree for pages: one unit with its children, and the query every unit page passes on. */
import type { UnitKind } from '../../../../events/catalog/organisation.ts';
import type { ApiClient } from './api.ts';

/** The kind a unit's children are (province → city → county → township → organisation). */
export const childKind: Record<UnitKind, UnitKind | null> = {
  province: 'city',
  city: 'county',
  county: 'township',
  township: 'organisation',
  organisation: null,
};

/** `after` (read-your-writes after a redirect) and `asOf`, passed on only when they look right. */
export function treeQuery(url: URL, options: { asOf?: boolean } = {}) {
  const after = url.searchParams.get('after') ?? '';
  const asOf = options.asOf ? (url.searchParams.get('asOf') ?? '') : '';
  return { ...(/^\d{1,20}$/.test(after) ? { after } : {}), ...(asOf ? { asOf } : {}) };
}

/** A unit, its path and children; its composition only when asked (the unit's own page: it costs time at province scale). */
export function getUnit(api: ApiClient, id: string, query: { after?: string; asOf?: string } = {}, options: { composition?: boolean } = {}) {
  return api.api.units[':id'].$get({ param: { id }, query: { ...query, composition: options.composition ? 'true' : 'false' } });
}

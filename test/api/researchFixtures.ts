import { researchItems } from '../../events/catalog/research.ts';

export const visit = (
  regionId: string,
  item: (typeof researchItems)[number],
  findings: Array<{ topic: string; text: string }> = [{ topic: 'gathering', text: '青年多在农村专业合作社和电商基地聚集' }],
) => ({
  regionId,
  item,
  date: '2026-07-08',
  place: '示范县城关镇',
  participants: { count: 12, who: '乡镇团委书记、合作社负责人' },
  notes: '座谈会记录',
  findings,
  recommendations: '依托合作社建团',
});
export { researchItems };

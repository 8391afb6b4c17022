/**
 * The words of rankings at every level: the level a bulletin ranks (层级: 市/县/乡镇), a unit's own
 * place in the bulletins that rank it, and the marks on the reader's own rows. Chinese (zh-CN)
 * first, English second.
 */
import type { RankedLevel } from '../../../../events/catalog/campaign.ts';
import type { Locale } from '../i18n.ts';

const zh = {
  levels: { city: '市(州)', county: '县(区)', township: '乡镇(街道)' } satisfies Record<RankedLevel, string>,
  level: '层级',
  /** The level ranked, beside the issuer. */
  ranksLevel: (level: string) => `排名层级:${level}`,
  publishLevel: (level: string, count: number) => `按「${level}」层级发布,共 ${count} 个单位参加排名(在上方“层级”中更换)。`,
  own: '本单位',
  ownLead: '您所在单位的名次已标出。',
  /** A unit's own places. */
  ranks: {
    title: '本单位排名',
    lead: '本单位在已发布的进度通报中的名次,最新的在前。',
    none: '还没有已发布的进度通报对本单位排名。',
    place: (rank: number, of: number) => `第 ${rank} / ${of}`,
    inBulletin: (title: string) => `在《${title}》中排名`,
    publishedBy: (publisher: string, day: string) => `${publisher}发布 · 数据截至 ${day}`,
    talk: '约谈',
    score: (score: string) => `${score} 分`,
  },
};

type RankMessages = typeof zh;

const en: RankMessages = {
  levels: { city: 'Cities', county: 'Counties', township: 'Townships' },
  level: 'Level',
  ranksLevel: (level: string) => `Ranking: ${level.toLowerCase()}`,
  publishLevel: (level: string, count: number) => `Published at the level “${level}”: ${count} units ranked (change the level above).`,
  own: 'Yours',
  ownLead: 'Your unit’s place is marked.',
  ranks: {
    title: 'Our ranks',
    lead: 'This unit’s place in the published progress bulletins, newest first.',
    none: 'No published bulletin ranks this unit yet.',
    place: (rank: number, of: number) => `${rank} of ${of}`,
    inBulletin: (title: string) => `Ranked in “${title}”`,
    publishedBy: (publisher: string, day: string) => `Published by ${publisher} · figures as of ${day}`,
    talk: 'Called in',
    score: (score: string) => `${score} points`,
  },
};

export function rankMessages(locale: Locale): RankMessages {
  return locale === 'en' ? en : zh;
}

/** Where a rank is read: the bulletin that holds it, at the unit's own row. */
export function rankHref(rank: { campaignId: string; publisherId: string; month: string }, unitId: string): string {
  return `/campaigns/${rank.campaignId}/bulletin?${new URLSearchParams({ unit: rank.publisherId, month: rank.month })}#unit-${unitId}`;
}

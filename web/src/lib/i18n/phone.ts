/**
 * The words a phone's screen needs beyond the full pages': the header's short brand and its
 * icons' names, the one-tap home's wording (a secretary's month, a researcher's items still to
 * do). Chinese (zh-CN) first and English second.
 */
import type { Locale } from '../../../../events/catalog/labels.ts';

const zh = {
  brandShort: '团建速报',
  account: (name: string, role: string) => `${name}(${role})`,
  research: {
    heading: '调研待办',
    todo: (n: number) => (n === 0 ? '六个一已全部完成' : `还有 ${n} 项未完成`),
    ends: (day: string) => `${day}结束`,
    open: '打开完成情况表',
    record: '记录',
    more: (n: number) => `等 ${n} 项`,
  },
};

type Words = typeof zh;

const en: Words = {
  brandShort: 'Pulse',
  account: (name, role) => `${name} (${role})`,
  research: {
    heading: 'Research to do',
    todo: (n) => (n === 0 ? 'All six items done' : `${n} item${n === 1 ? '' : 's'} still to do`),
    ends: (day) => `ends ${day}`,
    open: 'Open the checklist',
    record: 'Record',
    more: (n) => `and ${n} more`,
  },
};

export const phoneMessages = (locale: Locale): Words => (locale === 'en' ? en : zh);

/**
 * The pages' words, Chinese (zh-CN) first and English second. The domain's vocabulary
 * (fields, building modes, form field names) comes from the event catalog's labels.
 */
import { branchFieldLabels, buildingModeLabels, fieldLabels, type Locale } from '../../../events/catalog/labels.ts';

export type { Locale };
export { branchFieldLabels, buildingModeLabels, fieldLabels };

export function localeFrom(cookie: string | undefined): Locale {
  return cookie === 'en' ? 'en' : 'zh-CN';
}

const zh = {
  product: 'League Pulse 团建速报',
  tagline: '基层团组织报表系统',
  switchTo: 'English',
  home: '首页',
  townships: '乡镇(街道)团委',
  townshipsLead: '已登记团组织的乡镇(街道)团委。点击查看其团组织名册。',
  noTownships: '还没有登记任何团组织。',
  branchCount: (n: number) => `${n} 个团组织`,
  register: '登记团组织',
  registerLead: '登记一个村团支部或直属团组织。带 * 的为必填项。',
  submit: '登记',
  submitting: '正在提交…',
  chooseOne: '请选择',
  namePlaceholder: '例如:XX村团支部',
  townshipPlaceholder: '例如:城关镇团委',
  branchList: (township: string) => `${township} · 团组织名册`,
  registeredJustNow: (name: string) => `已登记「${name}」。`,
  registerAnother: '在本乡镇再登记一个',
  columns: { name: '名称', field: '领域', mode: '建团模式', registeredAt: '登记时间' },
  emptyTownship: '本乡镇还没有登记团组织。',
  formProblem: '提交的内容有误,请按提示修改。',
  unavailable: '服务暂时不可用,您填写的内容已保留,请稍后再试。',
  backHome: '返回首页',
};

type Messages = typeof zh;

const en: Messages = {
  product: 'League Pulse',
  tagline: 'Reporting for grassroots league organisations',
  switchTo: '中文',
  home: 'Home',
  townships: 'Township committees',
  townshipsLead: 'Township committees with registered organisations. Open one to see its list.',
  noTownships: 'No organisation has been registered yet.',
  branchCount: (n: number) => `${n} organisation${n === 1 ? '' : 's'}`,
  register: 'Register an organisation',
  registerLead: 'Register a village branch or a directly affiliated organisation. Fields marked * are required.',
  submit: 'Register',
  submitting: 'Submitting…',
  chooseOne: 'Choose one',
  namePlaceholder: 'e.g. Xicun village branch',
  townshipPlaceholder: 'e.g. Chengguan town committee',
  branchList: (township: string) => `${township} · organisations`,
  registeredJustNow: (name: string) => `Registered “${name}”.`,
  registerAnother: 'Register another in this township',
  columns: { name: 'Name', field: 'Field', mode: 'Building mode', registeredAt: 'Registered' },
  emptyTownship: 'No organisation is registered in this township yet.',
  formProblem: 'Some fields need correcting.',
  unavailable: 'The service is unavailable right now. What you entered is kept; please try again shortly.',
  backHome: 'Back to the home page',
};

export function messages(locale: Locale): Messages {
  return locale === 'en' ? en : zh;
}

export function formatTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
}

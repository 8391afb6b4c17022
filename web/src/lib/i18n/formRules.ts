/**
 * The words of a form's checks: the summary of what to correct above a refused form, and the
 * header's alert for submissions the server did not accept (lib/outbox). Chinese first.
 */
import type { Locale } from '../../../../events/catalog/labels.ts';

const zh = {
  /** The error summary's heading. */
  summary: (n: number) => `有 ${n} 处需要修改`,
  /** The header's alert: submissions the server did not accept, to correct in the outbox. */
  notAccepted: (n: number) => `未被接收 ${n}`,
  notAcceptedHint: '有提交未被服务器接收,打开待发送箱修改后重新提交',
};

const en: typeof zh = {
  summary: (n) => (n === 1 ? '1 thing to correct' : `${n} things to correct`),
  notAccepted: (n) => `${n} not accepted`,
  notAcceptedHint: 'The server did not accept some submissions: open the outbox to correct and submit them again',
};

export function formRulesMessages(locale: Locale): typeof zh {
  return locale === 'en' ? en : zh;
}

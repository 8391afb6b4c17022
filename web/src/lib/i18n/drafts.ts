/**
 * The words of drafts (a form's fields kept on the device as they are typed) and of a submission
 * waiting in the outbox as its form shows it — Chinese (zh-CN) first and English second.
 */
import type { Locale } from '../i18n.ts';

const zh = {
  /** A draft found on returning to the form. */
  found: (time: string) => `有一份未提交的草稿(${time} 保存在本设备)。`,
  continue: '继续填写',
  discard: '放弃草稿',
  /** While typing: the fields are kept on the device. */
  saved: (time: string) => `草稿已保存在本设备 · ${time}`,
  /** A queued submission shown in its form, read-only until "修改". */
  edit: '修改',
  /** A repeatable form (a visit): the next one, while the last waits. */
  another: '再填一份',
  editing: '修改后再次提交,将替换待发送的这一份(只会发送一次)。',
  /** The queued submission went while its form was open. */
  delivered: (time: string) => `已送达 · ${time}`,
  /** Changed after it had already gone: the change is sent as a new submission. */
  alreadySent: '这一份已经送达;修改后的内容将作为新的提交发送。',
};

const en: typeof zh = {
  found: (time: string) => `There is an unsubmitted draft (kept on this device at ${time}).`,
  continue: 'Continue',
  discard: 'Discard draft',
  saved: (time: string) => `Draft kept on this device · ${time}`,
  edit: 'Change',
  another: 'Fill in another',
  editing: 'Submit again once changed: it replaces the one waiting to be sent (only one is sent).',
  delivered: (time: string) => `Delivered · ${time}`,
  alreadySent: 'That one has been delivered already; your changes will be sent as a new submission.',
};

export const draftMessages = (locale: Locale) => (locale === 'en' ? en : zh);

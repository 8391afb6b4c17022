/** The words of photos and files on visits and reports, Chinese (zh-CN) first and English second. */
import type { Locale } from '../../../../events/catalog/labels.ts';

const zh = {
  legend: '照片与附件',
  hint: (max: number) => `可拍照或选择文件,最多 ${max} 个;照片会在手机上先压缩(最长边 1600 像素)再发送,离线时随表单一起保存,联网后自动发送。`,
  choose: '拍照或选择文件',
  preparing: '正在处理…',
  remove: '移除',
  removeOne: (name: string) => `移除 ${name}`,
  tooMany: (max: number) => `最多 ${max} 个文件`,
  tooBig: (name: string) => `${name}:文件大小须在 10 MB 以内`,
  notAllowed: (name: string) => `${name}:仅支持图片、PDF、Word、Excel、PPT 或文本文件`,
  unreadable: (name: string) => `${name}:无法读取这张图片`,
  noHashing: '此浏览器无法处理附件(需要 HTTPS),请改用其他浏览器',
  count: (n: number) => `${n} 个附件`,
  shown: '照片与附件',
  open: (name: string) => `打开 ${name}`,
};

const en: typeof zh = {
  legend: 'Photos and files',
  hint: (max: number) =>
    `Take photos or choose files, up to ${max}. Photos are made smaller on the phone (1,600 px at most) before sending; offline they are kept with the form and sent once online.`,
  choose: 'Take a photo or choose files',
  preparing: 'Preparing…',
  remove: 'Remove',
  removeOne: (name: string) => `Remove ${name}`,
  tooMany: (max: number) => `At most ${max} files`,
  tooBig: (name: string) => `${name}: files must be 10 MB at most`,
  notAllowed: (name: string) => `${name}: pictures, PDF, Word, Excel, PowerPoint or text only`,
  unreadable: (name: string) => `${name}: this picture cannot be read`,
  noHashing: 'This browser cannot prepare attachments (HTTPS is needed); use another browser',
  count: (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`,
  shown: 'Photos and files',
  open: (name: string) => `Open ${name}`,
};

export const attachmentMessages = (locale: Locale) => (locale === 'en' ? en : zh);

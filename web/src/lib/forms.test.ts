/** The problem → form mapping both the server action and the outbox use. */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../api/problem.ts';
import { failureOf, fieldOf, numberOrText } from './forms.ts';

describe('form helpers', () => {
  it('puts each message beside its field, the rest above the form, and no title for a 5xx', () => {
    const problem: Pick<Problem, 'title' | 'errors'> = {
      title: '提交的内容有误,请按提示修改',
      errors: [
        { field: 'name', code: 'required', message: '请填写名称' },
        { field: 'township.population', code: 'invalidFormat', message: '乡镇人口格式不正确' },
        { field: 'submissionId', code: 'invalidFormat', message: 'id' },
        { field: 'parentId', code: 'invalidOption', message: '上级' },
      ],
    };
    const failure = failureOf(problem, 400, 'open', { submissionId: 'x', name: '', population: '三万' });
    expect(failure).toEqual({
      action: 'open',
      status: 400,
      formError: problem.title,
      values: { submissionId: 'x', name: '', population: '三万' },
      errors: { name: '请填写名称', population: '乡镇人口格式不正确' },
      others: ['id', '上级'],
    });
    expect(failureOf({ title: 'x' }, 503, 'open', {}).formError).toBeNull();
  });

  it('reads field paths and numbers as the API wants them', () => {
    expect(fieldOf('unitIds.0')).toBe('unitIds');
    expect(numberOrText('52,000')).toBe(52000);
    expect(numberOrText('')).toBeNull();
    expect(numberOrText('三万')).toBe('三万');
  });
});

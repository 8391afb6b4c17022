import { describe, expect, it } from 'vitest';
import { highlight } from './highlight.ts';

describe('highlight', () => {
  it('marks a Chinese word inside a longer one, every time it occurs', () => {
    expect(highlight('青年多在农村专业合作社,合作社带头', '合作社')).toEqual([
      { text: '青年多在农村专业', match: false },
      { text: '合作社', match: true },
      { text: ',', match: false },
      { text: '合作社', match: true },
      { text: '带头', match: false },
    ]);
  });

  it('ignores case for Latin letters, keeps the text as written, and gives the whole text without a word', () => {
    expect(highlight('WeChat 群', 'wechat')).toEqual([
      { text: 'WeChat', match: true },
      { text: ' 群', match: false },
    ]);
    expect(highlight('<b>抱团</b>', '')).toEqual([{ text: '<b>抱团</b>', match: false }]);
    expect(highlight('', '合作社')).toEqual([]);
  });
});

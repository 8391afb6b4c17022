import { describe, expect, it } from 'vitest';
import { replayProgress } from './replayProgress.ts';

describe('progress of a rebuild', () => {
  it('in a log file: one log line at each tenth, with the share, the events and the time left, ending at 100 %', () => {
    const lines: string[] = [];
    const log = { info: (_context: object, message: string) => void lines.push(message) };
    const progress = replayProgress(log, {
      isTTY: false,
      write: () => {
        throw new Error('no bar in a log file');
      },
    });
    for (let position = 10_000n; position <= 1_000_000n; position += 10_000n) progress(position, 1_000_000n);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^building the read models: 1% 10,000 \/ 1,000,000 events, [\d,]+\/s, \d+:\d\d left$/);
    expect(lines.at(-1)).toMatch(/^building the read models: 100% 1,000,000 \/ 1,000,000 events/);
  });

  it('on a terminal: a bar redrawn in place, the last drawing ending the line', () => {
    const writes: string[] = [];
    const progress = replayProgress(
      {
        info: () => {
          throw new Error('a bar, not log lines');
        },
      },
      { isTTY: true, write: (text) => writes.push(text) },
    );
    progress(250n, 1_000n);
    progress(1_000n, 1_000n);
    expect(writes[0]).toMatch(/^\rbuilding the read models \[#{8}\.{22}\] 25% 250 \/ 1,000 events/);
    expect(writes.at(-1)).toMatch(/\[#{30}\] 100% .*\n$/);
  });
});

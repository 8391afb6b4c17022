import { describe, expect, it } from 'vitest';
import { redact } from './channel.ts';

describe('a channel error as logged and shown', () => {
  it('takes the secrets out, keeps the first line, and is at most 400 characters', () => {
    expect(redact('Invalid login for mailer:s3cret-pass@mail.example.cn\n  at Socket.emit', ['s3cret-pass'])).toBe(
      'Invalid login for mailer:***@mail.example.cn',
    );
    expect(redact('POST https://robot.example.cn/send?key=abc123 failed', ['https://robot.example.cn/send?key=abc123', 'key=abc123'])).toBe('POST *** failed');
    expect(redact('x'.repeat(1000), [])).toHaveLength(400);
    // An empty or two-letter secret would blank out ordinary words.
    expect(redact('connect ECONNREFUSED', ['', 'on'])).toBe('connect ECONNREFUSED');
  });
});

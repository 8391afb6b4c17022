import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrSvg } from './invitationQr.ts';

/** Draws the SVG's rectangles (its path of `M x y h w v 1 h -w z` runs) at `scale` pixels a module, as a scanner would see them. */
function rasterise(svg: string, scale = 4) {
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const width = side * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  const path = /<path d="([^"]+)"/.exec(svg)![1]!;
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < Number(run) * scale; dx++) {
        const offset = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        pixels.fill(0, offset, offset + 3);
      }
    }
  }
  return { pixels, width };
}

describe('an invitation link as a QR code', () => {
  it('decodes to the link', () => {
    for (const link of ['https://pulse.example.cn/invite/Zq3xkT0a9m2bQ-d7RpLw_nVh1sYcE4uJ', 'http://127.0.0.1:4173/invite/abc']) {
      const svg = qrSvg(link, '张晓明');
      const { pixels, width } = rasterise(svg);
      expect(jsQR(pixels, width, width)?.data).toBe(link);
    }
  });

  it('names its person for screen readers, escaped', () => {
    expect(qrSvg('https://x.cn/invite/a', '<李娜>')).toContain('aria-label="&lt;李娜&gt;"');
  });
});

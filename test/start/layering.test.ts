/**
 * The layers, checked on the source: a static walk of the relative imports (`import … from '…'`,
 * `export … from '…'`, `import('…')`) from each production entry. The demo and the benchmark's
 * province generator (bench/) stay out of what `npm start` and `npm run api` load; the log's code
 * (events/) and the folds (projections/) import neither the API nor the composition root.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(new URL('../..', import.meta.url).pathname);
const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The relative imports of one file, as paths from the repository's root (`#lib/` is web/src/lib/). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    const target = specifier.startsWith('.')
      ? resolve(dirname(file), specifier)
      : specifier.startsWith('#lib/')
        ? join(root, 'web/src/lib', specifier.slice('#lib/'.length))
        : null;
    if (target && existsSync(target) && statSync(target).isFile()) found.push(target);
  }
  return found;
}

/** Every file reachable from the entries by relative imports. */
function reachable(entries: string[]): Map<string, string> {
  const seen = new Map<string, string>(); // file → the file that first imported it
  const queue = entries.map((entry) => join(root, entry));
  for (const entry of queue) seen.set(entry, '(entry)');
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (!/\.(ts|js|svelte)$/.test(file)) continue;
    for (const target of importsOf(file)) {
      if (seen.has(target)) continue;
      seen.set(target, file);
      queue.push(target);
    }
  }
  return seen;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name))
    .map((name) => join(root, folder, name));
}

const rel = (file: string) => relative(root, file);

describe('layering', () => {
  it('the production entries load nothing from bench/ (the demo and the province generator)', () => {
    // web/src: the pages and hooks the built server runs; runtime/: the entries and the composition root.
    const entries = ['web/server.ts', 'runtime/apiServer.ts', 'runtime/backup.ts', ...sourceFiles('web/src').map(rel)];
    const graph = reachable(entries);
    expect(graph.size).toBeGreaterThan(100); // the walk does find the app
    expect(graph.has(join(root, 'runtime/start.ts'))).toBe(true);
    const fromBench = [...graph].filter(([file]) => rel(file).startsWith('bench/')).map(([file, by]) => `${rel(file)} (imported by ${rel(by)})`);
    expect(fromBench).toEqual([]);
  });

  it("events/ and projections/ import neither api/ nor runtime/; api/ only the configuration's type", () => {
    const wrong: string[] = [];
    for (const folder of ['events', 'projections']) {
      for (const file of sourceFiles(folder)) {
        for (const target of importsOf(file)) if (/^(api|runtime)\//.test(rel(target))) wrong.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    for (const file of sourceFiles('api')) {
      const source = readFileSync(file, 'utf8');
      for (const target of importsOf(file)) {
        if (!rel(target).startsWith('runtime/')) continue;
        if (!/import type \{ Config \} from '[./]+runtime\/config\.ts'/.test(source)) wrong.push(`${rel(file)} → ${rel(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

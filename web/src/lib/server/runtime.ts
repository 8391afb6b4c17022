/**
 * The one runtime of this process: the store, the projections and the Hono app, started once
 * by the server's init hook and shared by the /api routes and the pages.
 */
import { loadConfig } from '../../../../runtime/config.ts';
import { startApp } from '../../../../runtime/start.ts';

let started: Awaited<ReturnType<typeof startApp>> | null = null;

export async function startServer() {
  if (started) return started;
  started = await startApp(loadConfig());
  const { runtime, stop, logger } = started;
  // With the store unreachable the runner has said so, and keeps trying; the pages answer 503 meanwhile.
  const last = runtime.runner.ready ? await runtime.store.lastPosition() : undefined;
  const log = last === undefined ? 'not reachable yet' : `log at ${last ?? 'empty'}`;
  logger.info(
    { store: runtime.store.kind, lastPosition: last === undefined ? 'unreachable' : (last?.toString() ?? 'empty'), clock: runtime.clock.description },
    `League Pulse: store ${runtime.store.kind}, ${log}, clock ${runtime.clock.description}`,
  );
  // adapter-node emits this on SIGINT/SIGTERM after it stops taking requests.
  process.once('sveltekit:shutdown' as 'beforeExit', () => {
    void stop();
  });
  return started;
}

export function server() {
  if (!started) throw new Error('server runtime not started');
  return started;
}

/** Today in China by the runtime's one clock (api/clock.ts): pages never read another. */
export function serverToday(): string {
  return server().runtime.clock.today();
}

/** The current instant by the runtime's one clock. */
export function serverNow(): Date {
  return server().runtime.clock.now();
}

/**
 * `npm run demo`: the small demo province for a first look, written into an empty DATA_DIR (or
 * EventStoreDB) through the same generator as the benchmark's province, then the sign-in names and
 * the password are printed and the app starts as `npm start` would (web/server.ts; with `--api`,
 * the API alone, runtime/apiServer.ts). A log that already holds events is left as it is.
 *
 * Its own entry, so that the generator never loads with the production servers: nothing under
 * web/ or runtime/ imports bench/ (test/start/layering.test.ts).
 */
import { clockFrom, loadConfig, type Config } from '../runtime/config.ts';
import { openStore } from '../runtime/start.ts';
import { describeSignIns, generateProvince, progressBar } from './generate.ts';

/** Writes the demo province when the store is empty; otherwise says why it does nothing. */
export async function loadDemo(config: Config): Promise<void> {
  const store = openStore(config);
  try {
    const last = await store.lastPosition();
    if (last !== null) {
      console.log(`Demo: the log already holds ${last} events, so no demo province is written (it goes only into an empty DATA_DIR).`);
      return;
    }
    // Dated around the runtime's today, so a server started with CLOCK_AT or CLOCK_OFFSET shows a fitting province.
    const province = await generateProvince(store, 'demo', 2026, progressBar('demo province'), { asOf: clockFrom(config).today() });
    console.log(
      [
        `Demo: a small province written (${province.events} events: ${province.townshipIds.length} townships, ${province.organisationIds.length} organisations, reports for ${province.months[0]} to ${province.months[province.months.length - 1]}, a research round, the ${province.drive?.year ?? ''} drive).`,
        'Sign in with any of these (the same password for all):',
        describeSignIns(province),
      ].join('\n'),
    );
  } finally {
    await store.close();
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
try {
  await loadDemo(config);
} catch (error) {
  // An unreachable EventStoreDB, say: one line, not a stack.
  console.error(`Demo: could not write the demo province: ${(error as Error).message}`);
  process.exit(1);
}
await import(process.argv.includes('--api') ? '../runtime/apiServer.ts' : '../web/server.ts');

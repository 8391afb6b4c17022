/**
 * The small demo province `npm start` writes on request for a first look (`DEMO=1 npm start`,
 * or `npm start -- --demo`): into an empty store only, through the same generator as the
 * benchmark's province, then the sign-in names and the password are printed.
 */
import { clockFrom, type Config } from '../runtime/config.ts';
import { openStore } from '../runtime/start.ts';
import { describeSignIns, generateProvince, progressBar } from './generate.ts';

export function demoAsked(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--demo') || (env.DEMO !== undefined && env.DEMO !== '' && env.DEMO !== '0' && env.DEMO !== 'false');
}

/** Writes the demo province when asked and the store is empty; otherwise does nothing. Call before the runtime starts. */
export async function loadDemoIfAsked(config: Config, argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!demoAsked(argv, env)) return;
  const store = openStore(config);
  try {
    const last = await store.lastPosition();
    if (last !== null) {
      console.log(`Demo: the log already holds ${last} events, so no demo province is written (it goes only into an empty DATA_DIR).`);
      return;
    }
    // Dated around the runtime's today, so a server started with CLOCK_AT or CLOCK_OFFSET shows a fitting province.
    const province = await generateProvince(store, 'demo', 2026, progressBar('demo province'), { asOf: clockFrom(config).today() });
    console.log([
      `Demo: a small province written (${province.events} events: ${province.townshipIds.length} townships, ${province.organisationIds.length} organisations, reports for ${province.months[0]} to ${province.months[province.months.length - 1]}, a research round, the ${province.drive?.year ?? ''} drive).`,
      'Sign in with any of these (the same password for all):',
      describeSignIns(province),
    ].join('\n'));
  } finally {
    await store.close();
  }
}

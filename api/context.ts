import type { Context } from 'hono';
import { uuidv7 } from '../events/ids.ts';
import type { Actor } from './auth/scope.ts';
import type { CommandContext } from './commands.ts';
import type { Runtime } from './runtime.ts';

export type ApiEnv = { Variables: { correlationId: string; actor: Actor | null } };

/** Who is acting (the signed-in user's id, or 'anonymous' for first-run set-up) and in which request. */
export function commandContext(c: Context<ApiEnv>, clientTime?: string): CommandContext {
  return { actor: c.get('actor')?.userId ?? 'anonymous', correlationId: c.get('correlationId') ?? uuidv7(), clientTime: clientTime ?? null };
}

/** A projection's state, after waiting for `after` when the caller asked to read its own write. */
export async function readModel<State>(c: Context<ApiEnv>, runtime: Runtime, name: string, after: string | undefined): Promise<State> {
  if (after !== undefined) await runtime.runner.waitFor(BigInt(after), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS, [name]);
  return runtime.runner.state<State>(name);
}

/**
 * Waits until the projections have folded everything already in the log: commands check scope
 * and rules against the tree, which must include every earlier write.
 */
export async function caughtUpWithLog(runtime: Runtime): Promise<void> {
  const last = await runtime.store.lastPosition();
  if (last !== null) await runtime.runner.waitFor(last, runtime.config.READ_YOUR_WRITES_TIMEOUT_MS);
}

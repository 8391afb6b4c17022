/**
 * Where the log ends and how far behind each projection is: what health shows an administrator
 * and what the metrics report, read the same way for both.
 */
import { StoreUnavailableError } from '../../events/store/errors.ts';
import type { EventStore } from '../../events/store/port.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';

export interface ProjectionPosition {
  name: string;
  version: number;
  position: bigint | null;
  /** On the embedded store positions count events, so this is the number of events still to fold. */
  lag: bigint;
  caughtUp: boolean;
  error: string | null;
}

/** The log's last position (null when empty or unreachable), why the store cannot be reached, and each projection's place. */
export async function readPositions(
  store: EventStore,
  runner: ProjectionRunner,
): Promise<{ last: bigint | null; storeError: string | null; projections: ProjectionPosition[] }> {
  let last: bigint | null = null;
  let storeError = runner.storeError;
  try {
    last = await store.lastPosition();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    storeError = error.message.split('\n')[0] ?? error.name;
  }
  const projections = runner.status().map((status) => ({
    name: status.name,
    version: status.version,
    position: status.position,
    lag: last === null ? 0n : last - (status.position ?? 0n),
    caughtUp: status.caughtUp,
    error: status.error,
  }));
  return { last, storeError, projections };
}

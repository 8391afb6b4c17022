/**
 * The event store as the runtime hands it out: every append counted and timed by its outcome.
 * One wrapper, in one place (api/runtime.ts), so no command path can append unmeasured.
 */
import { EventIdConflictError, StoreUnavailableError, WrongExpectedRevisionError } from '../../events/store/errors.ts';
import type { EventStore } from '../../events/store/port.ts';
import type { Metrics } from './metrics.ts';

/** Why an append did not go through, as a label: a stale revision, a reused event id, no store, or anything else. */
function outcomeOf(error: unknown): string {
  if (error instanceof WrongExpectedRevisionError) return 'conflict';
  if (error instanceof EventIdConflictError) return 'duplicate';
  if (error instanceof StoreUnavailableError) return 'unavailable';
  return 'error';
}

export function measuredStore(store: EventStore, metrics: Pick<Metrics, 'appends' | 'appendDuration'>): EventStore {
  return {
    kind: store.kind,
    async append(streamName, events, options) {
      const end = metrics.appendDuration.startTimer();
      let outcome = 'ok';
      try {
        return await store.append(streamName, events, options);
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        end({ outcome });
        metrics.appends.inc({ outcome });
      }
    },
    readStream: (streamName, options) => store.readStream(streamName, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    lastPosition: () => store.lastPosition(),
    close: () => store.close(),
  };
}

/**
 * How every command is carried out: read the stream, fold it with the decider, decide,
 * append with the revision it was decided on. The command's submission id is the id of its
 * first event, so a resubmission (retry, double click, offline replay) finds its own event
 * and returns the original receipt instead of deciding again.
 */
import { decode, encode } from '../events/catalog/index.ts';
import { uuidFromName } from '../events/ids.ts';
import type { EventStore, RecordedEvent } from '../events/store/port.ts';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../events/store/errors.ts';
import { DomainRuleError, type Decider } from './decider.ts';

export interface CommandContext {
  actor: string;
  correlationId: string;
  clientTime: string | null;
  /** When the server accepted the command, by the runtime's clock. */
  serverTime: string;
  /** The request's fingerprint (api/validate.ts), or null for commands not made from a JSON body. */
  requestHash: string | null;
}

/**
 * A submission id came again with other content, or from another account: the earlier
 * submission stands, and the caller is told so instead of getting its receipt back.
 */
export class SubmissionReusedError extends Error {
  readonly reason: 'otherContent' | 'otherAccount';
  constructor(submissionId: string, reason: 'otherContent' | 'otherAccount') {
    super(`submission ${submissionId} was already used ${reason === 'otherAccount' ? 'by another account' : 'for other content'}`);
    this.name = 'SubmissionReusedError';
    this.reason = reason;
  }
}

/** What a command returns: where its events stand, so the caller can read its own write. */
export interface Receipt {
  streamName: string;
  /** Log position of the command's last event (a string: positions are 64-bit). */
  position: string;
  revision: string;
  /** True when this submission had already been accepted and nothing new was written. */
  duplicate: boolean;
  /** True when the command changed nothing (e.g. a date set to the date it has): nothing was written. */
  unchanged?: boolean;
}

interface CommandRequest<Command> {
  streamName: string;
  submissionId: string;
  command: Command;
  context: CommandContext;
  /** The stream revision the user saw when they made the command: if the stream has moved on since, nothing is decided. */
  seenRevision?: string;
}

/**
 * Submissions being carried out now, by account and submission id. The same submission sent
 * again while the first is in flight (a double tap, a retry on a slow line) waits for it and then
 * finds it written: otherwise both would decide, and the store's idempotent append would
 * acknowledge both as new — each with its own answer (an invitation link, say) though only one
 * was kept. Bounded by the requests in flight.
 */
const inFlight = new Map<string, Promise<unknown>>();

export async function handleCommand<State, Command>(store: EventStore, decider: Decider<State, Command>, request: CommandRequest<Command>): Promise<Receipt> {
  const key = `${request.context.actor}\u0000${request.submissionId}`;
  for (let earlier = inFlight.get(key); earlier; earlier = inFlight.get(key)) await earlier.catch(() => undefined);
  const running = decideAndAppend(store, decider, request);
  inFlight.set(key, running);
  try {
    return await running;
  } finally {
    if (inFlight.get(key) === running) inFlight.delete(key);
  }
}

async function decideAndAppend<State, Command>(store: EventStore, decider: Decider<State, Command>, request: CommandRequest<Command>): Promise<Receipt> {
  const { streamName, submissionId, command, context, seenRevision } = request;
  for (let attempt = 0; ; attempt++) {
    const recorded = await readOrEmpty(store, streamName);
    const earlier = recorded.filter((event) => event.metadata && (event.metadata as { clientSubmissionId?: string }).clientSubmissionId === submissionId);
    if (earlier.length > 0) {
      const first = earlier[0]!.metadata as { actor?: string; requestHash?: string | null };
      if (first.actor !== context.actor) throw new SubmissionReusedError(submissionId, 'otherAccount');
      if (first.requestHash && context.requestHash && first.requestHash !== context.requestHash) throw new SubmissionReusedError(submissionId, 'otherContent');
      const last = earlier[earlier.length - 1]!;
      return { streamName, position: last.position.toString(), revision: last.revision.toString(), duplicate: true };
    }
    if (seenRevision !== undefined && String(recorded[recorded.length - 1]?.revision ?? -1n) !== seenRevision) {
      throw new DomainRuleError(
        'changedMeanwhile',
        `the stream is at revision ${recorded[recorded.length - 1]?.revision ?? 'none'}, not ${seenRevision} as seen`,
        'revision',
      );
    }
    const state = recorded.map(decode).reduce(decider.evolve, decider.initialState());
    const events = decider.decide(command, state);
    if (events.length === 0) {
      // Nothing changes (e.g. renamed to the name it has): no append, the stream stays where it is.
      const last = recorded[recorded.length - 1];
      return { streamName, position: (last?.position ?? 0n).toString(), revision: (last?.revision ?? -1n).toString(), duplicate: false, unchanged: true };
    }
    const toAppend = events.map((event, i) =>
      encode(event, eventId(context.actor, submissionId, i), {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: submissionId,
        clientSubmissionId: submissionId,
        clientTime: context.clientTime,
        serverTime: context.serverTime,
        ...(context.requestHash ? { requestHash: context.requestHash } : {}),
      }),
    );
    const expectedRevision = recorded.length === 0 ? 'no_stream' : recorded[recorded.length - 1]!.revision;
    try {
      const result = await store.append(streamName, toAppend, { expectedRevision });
      return { streamName, position: result.position.toString(), revision: result.nextExpectedRevision.toString(), duplicate: false };
    } catch (error) {
      // Someone else wrote to the stream between our read and our append: decide again on
      // the new state (a few times), since the command may still be valid — or a duplicate.
      if (error instanceof WrongExpectedRevisionError && attempt < 3) continue;
      throw error;
    }
  }
}

async function readOrEmpty(store: EventStore, streamName: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamName);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/**
 * Event ids are derived from who sent the submission and its id, so a resubmission produces the
 * very same ids, while someone else's use of the same submission id can never meet an existing
 * event (which would tell them it exists).
 */
export function eventId(actor: string, submissionId: string, index: number): string {
  return uuidFromName(`event:${actor}:${submissionId}/${index}`);
}

/**
 * The id of something a submission creates (a unit, a drive, a round, a team, a visit record):
 * derived from the account and the submission id, so a resend finds what it created, and a
 * submission id chosen to match something outside one's scope creates something new instead of
 * confirming that it exists.
 */
export function newEntityId(kind: string, actor: string, submissionId: string): string {
  return uuidFromName(`${kind}:${actor}:${submissionId}`);
}

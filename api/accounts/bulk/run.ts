/**
 * Runs an invitation plan: one invitation per planned row, each through the account decider, many
 * at a time so the store's group commit can batch them. Each row's submission id comes from the
 * job and the row, and each account's stream from its login name, so no person is invited twice.
 * The tokens exist only in what this returns: the log keeps their hashes.
 */
import { uuidFromName } from '../../../events/ids.ts';
import type { EventStore } from '../../../events/store/port.ts';
import { handleCommand, type CommandContext } from '../../commands.ts';
import { DomainRuleError } from '../../decider.ts';
import { accountDecider, accountId, accountStream } from '../decider.ts';
import { newInvitation } from '../invitationToken.ts';
import type { InvitedRole } from './layout.ts';
import type { PlannedInvitation } from './plan.ts';

const CONCURRENCY = 64;

/** One person's invitation link, as the inviter prints it or downloads it. */
export interface InvitationLink {
  line: number;
  unitCode: string;
  unitName: string;
  displayName: string;
  role: InvitedRole;
  loginName: string;
  token: string;
  expiresAt: string;
}
/** A row that could not be invited after all (its login name was taken between the check and the run). */
export interface InvitationFailure {
  line: number;
  loginName: string;
  problem: string;
}

export interface InvitationRun {
  jobId: string;
  context: CommandContext;
  now: Date;
  onProgress: (done: number, lastPosition: bigint | null) => void;
}

export async function runInvitations(store: EventStore, invitations: PlannedInvitation[], run: InvitationRun) {
  const links: InvitationLink[] = [];
  const failures: InvitationFailure[] = [];
  let done = 0;
  let lastPosition: bigint | null = null;
  let next = 0;
  /** What stopped the run (the store failing): the rows after it are not tried, the links made so far are kept. */
  let stopped = null as Error | null;
  const worker = async () => {
    while (next < invitations.length && !stopped) {
      const row = invitations[next++]!;
      const { token, tokenHash, expiresAt } = newInvitation(run.now);
      try {
        const receipt = await handleCommand(store, accountDecider, {
          streamName: accountStream(accountId(row.loginName)),
          submissionId: uuidFromName(`bulk-invite:${run.jobId}:${row.line}`),
          command: {
            type: 'invite',
            loginName: row.loginName,
            displayName: row.displayName,
            role: row.role,
            unitIds: [row.unitId],
            tokenHash,
            expiresAt,
            email: row.email,
            phone: row.phone,
          },
          context: run.context,
        });
        const position = BigInt(receipt.position);
        if (lastPosition === null || position > lastPosition) lastPosition = position;
        // A repeat of this very row wrote nothing: its token is not the one in the log, so no link.
        if (!receipt.duplicate)
          links.push({
            line: row.line,
            unitCode: row.unitCode,
            unitName: row.unitName,
            displayName: row.displayName,
            role: row.role,
            loginName: row.loginName,
            token,
            expiresAt,
          });
      } catch (error) {
        if (!(error instanceof DomainRuleError)) {
          stopped ??= error as Error;
          break;
        }
        failures.push({ line: row.line, loginName: row.loginName, problem: error.code });
      }
      done++;
      if (done % 200 === 0) run.onProgress(done, lastPosition);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, invitations.length) }, worker));
  run.onProgress(done, lastPosition);
  links.sort((a, b) => a.line - b.line);
  failures.sort((a, b) => a.line - b.line);
  return { links, failures, stopped };
}

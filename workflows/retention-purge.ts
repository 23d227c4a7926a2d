/**
 * A purge the retention policy (domain/retention.ts) sets for one case, `retention-purge:<kind>:<id>`:
 * a durable timer, then the activity that removes the data (and its stored objects) and audits it.
 * Started by the case's own workflow when the fact happens (a rejection, a withdrawal), and abandoned
 * by it, so that the registration ends as before while its purge waits out the period (an expired
 * agrément's from her lifecycle when it tells her of the expiry); an account's
 * closure starts it from the API (api/personal-data/closure.ts). Not a cron:
 * each case carries its own deadline, and a worker down at the time purges when it is back.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  ceasedPurgeAt,
  DEFAULT_RETENTION_POLICY,
  expiredAgrementPurgeAt,
  type RetentionPolicy,
} from '../domain/retention.ts';
import { CASE_STEP } from './activity-options.ts';

/**
 * What is purged: a rejected case's documents and identity, a ceased childminder's record (withdrawn
 * or closed), or the record of one whose agrément expired and was never renewed.
 */
export type PurgeKind = 'rejected_case' | 'ceased_record' | 'expired_agrement';

export interface RetentionPurgeInput {
  kind: PurgeKind;
  registrationId: string;
  /** How long to wait from the start (the policy's duration, milliseconds: seconds in tests). */
  afterMs: number;
  /** An expired agrément's last valid day: the purge stands only if it is still her agrément's. */
  expiryDate?: string;
}

/** One purge per case and kind; an expired agrément's per expiry date (a renewed one may expire again). */
export function retentionPurgeWorkflowId(
  kind: PurgeKind,
  registrationId: string,
  expiryDate?: string,
): string {
  return `retention-purge:${kind}:${registrationId}${expiryDate ? `:${expiryDate}` : ''}`;
}

const { purgeRejectedCase, purgeCeasedRecord, purgeExpiredAgrement } =
  wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);

export async function retentionPurge(input: RetentionPurgeInput): Promise<void> {
  await wf.sleep(input.afterMs);
  if (input.kind === 'expired_agrement')
    await purgeExpiredAgrement({ registrationId: input.registrationId, expiryDate: input.expiryDate! });
  else if (input.kind === 'ceased_record') await purgeCeasedRecord(input.registrationId);
  else await purgeRejectedCase(input.registrationId);
}

/**
 * Starts the purge from the case's workflow; it outlives it (ABANDON). Started once: the id is
 * derived from the case, and a retried start finds it running.
 */
export async function startRetentionPurge(input: RetentionPurgeInput): Promise<void> {
  try {
    await wf.startChild(retentionPurge, {
      workflowId: retentionPurgeWorkflowId(input.kind, input.registrationId, input.expiryDate),
      parentClosePolicy: 'ABANDON',
      args: [input],
    });
  } catch (error) {
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
}

/** A rejected case: purged after the appeal period of the policy (the default one when absent). */
export function startRejectedCasePurge(registrationId: string, policy?: RetentionPolicy): Promise<void> {
  const { rejectedAppealMs } = policy ?? DEFAULT_RETENTION_POLICY;
  return startRetentionPurge({ kind: 'rejected_case', registrationId, afterMs: rejectedAppealMs });
}

/**
 * A withdrawn childminder: her record is purged the legal period after the withdrawal takes effect
 * (a withdrawal dated later waits longer). Started by her lifecycle when it tells her of it.
 */
export function startCeasedRecordPurge(
  registrationId: string,
  endedAt: string,
  policy?: RetentionPolicy,
): Promise<void> {
  const purgeAt = ceasedPurgeAt(endedAt, policy ?? DEFAULT_RETENTION_POLICY).getTime();
  return startRetentionPurge({
    kind: 'ceased_record',
    registrationId,
    afterMs: Math.max(purgeAt - Date.now(), 1),
  });
}

/**
 * Her agrément expired and was not renewed: her record is purged the legal period after the expiry,
 * unless a renewal comes first (the purge then finds another date and purges nothing). Started by
 * her lifecycle when it tells her of the expiry.
 */
export function startExpiredAgrementPurge(
  registrationId: string,
  expiryDate: string,
  policy?: RetentionPolicy,
): Promise<void> {
  const purgeAt = expiredAgrementPurgeAt(expiryDate, policy ?? DEFAULT_RETENTION_POLICY).getTime();
  return startRetentionPurge({
    kind: 'expired_agrement',
    registrationId,
    expiryDate,
    afterMs: Math.max(purgeAt - Date.now(), 1),
  });
}

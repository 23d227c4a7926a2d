/**
 * An abandoned draft's deadline, `retention-purge:draft:<registrationId>`: a draft is only rows
 * until she submits it (or attaches a copy), so this workflow, started by her first save with
 * Signal-With-Start and signalled by each later one, holds its durable timers. Untouched for the
 * policy's inactivity period, she is warned by email; still untouched at the deadline, the draft
 * and its stored copies are deleted. Each save pushes both back. Ids and instants only.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { draftDeletionAt, draftWarningAt, type RetentionPolicy } from '../domain/retention.ts';
import { CASE_STEP } from './activity-options.ts';

// Signals, not Updates: her save does not wait on the timer, and Signal-With-Start starts it if need be.
export const draftTouchedSignal = wf.defineSignal('draftTouched');
export const draftSubmittedSignal = wf.defineSignal('draftSubmitted');

export interface DraftRetentionInput {
  registrationId: string;
  policy: RetentionPolicy;
  /** Her last activity, carried to a new run (absent at the start: the start is her save). */
  lastActivityAt?: string;
}

/** How it ended: deleted, submitted, or gone meanwhile (closed account, already deleted). */
export type DraftOutcome = 'deleted' | 'submitted' | 'ended';

export function draftRetentionWorkflowId(registrationId: string): string {
  return `retention-purge:draft:${registrationId}`;
}

const { warnAbandonedDraft, deleteAbandonedDraft } =
  wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);

export async function draftRetention(input: DraftRetentionInput): Promise<DraftOutcome> {
  const { registrationId, policy } = input;
  let lastActivity = input.lastActivityAt ?? new Date().toISOString();
  let touched = false;
  let submitted = false;
  wf.setHandler(draftTouchedSignal, () => void (touched = true));
  wf.setHandler(draftSubmittedSignal, () => void (submitted = true));

  /** Waits for the instant; false when she saved (or submitted) first. */
  async function untouchedUntil(at: Date): Promise<boolean> {
    const woken = await wf.condition(() => touched || submitted, Math.max(at.getTime() - Date.now(), 1));
    if (!woken) return true;
    if (touched) lastActivity = new Date().toISOString();
    touched = false;
    return false;
  }

  for (;;) {
    if (submitted) return 'submitted';
    // Thousands of saves: a fresh history, her last activity carried over.
    if (wf.workflowInfo().continueAsNewSuggested)
      await wf.continueAsNew<typeof draftRetention>({ ...input, lastActivityAt: lastActivity });
    if (!(await untouchedUntil(draftWarningAt(lastActivity, policy)))) continue;
    // The database has the last word: a save whose signal was lost still counts.
    const warned = await warnAbandonedDraft(registrationId, lastActivity, policy);
    if (warned.kind === 'ended') return 'ended';
    if (warned.kind === 'touched') {
      lastActivity = warned.lastActivityAt;
      continue;
    }
    if (!(await untouchedUntil(draftDeletionAt(lastActivity, policy)))) continue;
    const deleted = await deleteAbandonedDraft(registrationId, lastActivity);
    if (deleted.kind === 'touched') {
      lastActivity = deleted.lastActivityAt;
      continue;
    }
    return deleted.kind === 'due' ? 'deleted' : 'ended';
  }
}

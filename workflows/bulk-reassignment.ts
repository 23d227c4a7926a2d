/**
 * A bulk reassignment: many open cases moved to another office by a supervisor. The selection is
 * frozen in PostgreSQL first, then read page by page; each case gets its own reassign Update (sent by
 * an activity, a few at a time) and its outcome is written next to it. The workflow carries ids,
 * positions and codes only, and continues as new every few pages so its history stays small.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { BulkItem } from '../activities/reassignment.ts';
import {
  BULK_RULES,
  cancelBulkViolation,
  type BulkOutcome,
  type BulkReassignmentPolicy,
} from '../domain/bulk-reassignment.ts';
import type { Actor } from '../domain/case-rules.ts';
import { CASE_STEP, LONG_CASE_STEP } from './activity-options.ts';

export interface BulkReassignmentInput {
  bulkId: string;
  /** Who started it: each case's Update acts in her name, with the offices she oversaw then. */
  actor: Actor;
  toOfficeId: string;
  policy: BulkReassignmentPolicy;
  /** Where the previous run stopped (continue-as-new); absent on the first run. */
  progress?: BulkProgress;
}

/** Plain JSON, carried across continue-as-new. */
export interface BulkProgress {
  afterPosition: number;
  cancelRequested: boolean;
}

export type BulkCounts = Record<BulkOutcome, number>;

export interface BulkView {
  cancelRequested: boolean;
  finished: boolean;
}

// An Update, not a signal: the supervisor who presses "stop" must learn whether it was taken into
// account (or refused because it had already finished).
export const cancelBulkUpdate = wf.defineUpdate<BulkView, [Actor]>('cancelBulk');

type Activities = ReturnType<typeof createActivities>;

const { nextBulkPage, recordBulkOutcome } = wf.proxyActivities<Activities>(CASE_STEP);
const { freezeBulkSelection, finishBulk } = wf.proxyActivities<Activities>(LONG_CASE_STEP);
// Inside the stop Update: the supervisor waits for the answer, written with its audit line (retried
// until PostgreSQL takes it: the stop holds at once, and its line is never lost).
const { recordBulkCancelRequest } = wf.proxyActivities<Activities>(CASE_STEP);
// The case's own Update is idempotent (same update id, and a case already there is skipped): retry a
// little, then the case is reported as failed and the bulk goes on.
const { reassignBulkCase } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

/** Moves the selected cases; returns the report's counts. */
export async function bulkReassignment(input: BulkReassignmentInput): Promise<BulkCounts> {
  const { bulkId, actor, toOfficeId, policy } = input;
  const state = {
    afterPosition: input.progress?.afterPosition ?? 0,
    cancelRequested: input.progress?.cancelRequested ?? false,
    finished: false,
  };
  const view = (): BulkView => ({ cancelRequested: state.cancelRequested, finished: state.finished });

  wf.setHandler(
    cancelBulkUpdate,
    async (by) => {
      if (state.cancelRequested) return view();
      state.cancelRequested = true;
      try {
        await recordBulkCancelRequest({ bulkId, userId: by.userId });
      } catch (error) {
        // The stop holds anyway (the workflow state is the authority); only its date is missing.
        wf.log.warn('arrêt non enregistré', { bulkId, error: String(error) });
      }
      return view();
    },
    {
      validator: (by) => {
        const code = cancelBulkViolation(by, state.finished);
        if (code) throw wf.ApplicationFailure.nonRetryable(BULK_RULES[code], code);
      },
    },
  );

  /** Moves one case, recording `failed` when its activity gave up. */
  async function moveCase(item: BulkItem): Promise<void> {
    try {
      await reassignBulkCase({ bulkId, registrationId: item.registrationId, actor, toOfficeId });
    } catch {
      await recordBulkOutcome({
        bulkId,
        registrationId: item.registrationId,
        outcome: 'failed',
        reason: 'unavailable',
      });
    }
  }

  /** A few cases at a time; a stop is honoured between cases, never in the middle of one. */
  async function movePage(items: BulkItem[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (!state.cancelRequested && next < items.length) await moveCase(items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, policy.concurrency) }, lane));
  }

  /** Moves the pages of this run, then continues as new unless the selection is exhausted or stopped. */
  async function moveSelection(): Promise<void> {
    if (!input.progress) await freezeBulkSelection({ bulkId, actor });

    let done = false;
    for (let page = 0; page < policy.pagesPerRun && !state.cancelRequested; page++) {
      const items = await nextBulkPage({
        bulkId,
        afterPosition: state.afterPosition,
        limit: policy.pageSize,
      });
      if (items.length > 0) {
        await movePage(items);
        if (!state.cancelRequested) state.afterPosition = items.at(-1)!.position;
      }
      if (items.length < policy.pageSize) {
        done = true;
        break;
      }
      if (wf.workflowInfo().continueAsNewSuggested) break;
    }

    if (!done && !state.cancelRequested) {
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof bulkReassignment>({
        ...input,
        progress: { afterPosition: state.afterPosition, cancelRequested: state.cancelRequested },
      });
    }
  }

  try {
    await moveSelection();
  } catch (error) {
    if (error instanceof wf.ContinueAsNew || wf.isCancellation(error)) throw error;
    // A step that cannot succeed (the record is gone): close the report rather than leave it "running".
    state.finished = true;
    await finishBulk({ bulkId, failed: true });
    await wf.condition(wf.allHandlersFinished);
    throw error;
  }

  state.finished = true;
  const counts = await finishBulk({ bulkId });
  await wf.condition(wf.allHandlersFinished);
  return counts;
}

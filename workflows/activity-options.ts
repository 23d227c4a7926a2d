/**
 * How long activities may take and how they are retried, named once for every workflow. Two cases:
 * - the case's own progress (projection, routing, publication, the outbox): our own systems
 *   (PostgreSQL, S3) being down is waited out however long it lasts, with a backoff capped so that
 *   the case moves within seconds of their return;
 * - inside an Update, where a person waits for the answer: a bounded wait, then a clear error and
 *   the case unchanged, so that she can try again.
 * Short timeouts or heartbeats everywhere: an attempt lost with a dead worker is retried within
 * seconds, not after a long start-to-close timeout.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** No maximum of attempts: a refusal of the rules is a non-retryable ApplicationFailure, never a retry. */
export const UNTIL_IT_WORKS: RetryPolicy = {
  initialInterval: '500 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '10 seconds',
};

/** A few queries on our own systems. */
export const CASE_STEP: ActivityOptions = { startToCloseTimeout: '5 seconds', retry: UNTIL_IT_WORKS };

/** A longer step (a page of a bulk reassignment, a large selection): it heartbeats while it works. */
export const LONG_CASE_STEP: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry: UNTIL_IT_WORKS,
};

/** Inside an Update: about fifteen seconds of attempts, then the handler answers that it is unavailable. */
export const WHILE_SHE_WAITS: ActivityOptions = {
  startToCloseTimeout: '5 seconds',
  scheduleToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds' },
};

/**
 * The check of an uploaded file, on the task queue of the document checks (a few at a time): the
 * sandbox may take up to its own time ceiling; the activity heartbeats meanwhile.
 */
export function documentCheck(mainTaskQueue: string): ActivityOptions {
  return {
    taskQueue: documentCheckQueue(mainTaskQueue),
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '10 seconds',
    scheduleToCloseTimeout: '4 minutes',
    retry: {
      initialInterval: '500 milliseconds',
      backoffCoefficient: 2,
      maximumInterval: '2 seconds',
      maximumAttempts: 4,
    },
  };
}

/** Document checks have a task queue of their own, beside the case's: a burst of uploads never delays a case. */
export function documentCheckQueue(mainTaskQueue: string): string {
  return `${mainTaskQueue}-documents`;
}

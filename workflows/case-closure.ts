/**
 * Her case closed for good once her agrément's withdrawal takes effect: at once when it already
 * has, or at its instant by a durable timer (a withdrawal dated later closes nothing before). The
 * closure is a transition of her case like the others, so that her page, the CAF's lists and the
 * counts read it from the one projection; the reason travels with it as a code.
 */
import * as wf from '@temporalio/workflow';
import type { ClosureReason } from '../domain/case-status.ts';
import type { CaseRecorder } from './case-record.ts';

/** A closure to come or done (plain JSON, carried across runs). */
export interface CaseClosureState {
  reason: ClosureReason;
  /** The instant it takes effect. */
  from: string;
}

/** Histories from before a withdrawal closed her case kept it active. */
export const CASE_CLOSURE_PATCH = 'case-closed-on-withdrawal';

/**
 * Returns the loop that closes her case when `closure()` names an instant that has come, and whether
 * it is busy writing it. `closed()` says whether the case is closed already (a new run after it).
 */
export function watchClosure(
  closure: () => CaseClosureState | null | undefined,
  closed: () => boolean,
  record: CaseRecorder,
) {
  let closing = false;
  async function running(): Promise<never> {
    for (;;) {
      await wf.condition(() => !closed() && !!closure());
      const { reason, from } = closure()!;
      const wait = Date.parse(from) - Date.now();
      // A later closure replacing this one wakes the timer up.
      if (wait > 0 && (await wf.condition(() => closure()?.from !== from, wait))) continue;
      closing = true;
      await record({ type: 'case_closed', data: { reason, from } }, 'closed');
      closing = false;
    }
  }
  return { running, idle: () => !closing };
}

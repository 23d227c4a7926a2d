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
 * Histories from before a closed case's lifecycle stopped its declaration and expiry timers. Asked
 * only when her case closes, so that an open case's history carries no marker for it.
 */
export const QUIET_WHEN_CLOSED_PATCH = 'closed-case-quiet';

/** Her account closed by the API (api/personal-data/closure.ts): ids and instants only. */
export const caseClosedSignal = wf.defineSignal<[CaseClosureState]>('caseClosed');

/**
 * Returns the loop that closes her case when `closure()` names an instant that has come, and whether
 * it is busy writing it. `closed()` says whether the case is closed already (a new run after it).
 */
export function watchClosure(
  closure: () => CaseClosureState | null | undefined,
  closed: () => boolean,
  record: CaseRecorder,
  /** Her account closed now: the closure to write (a withdrawal dated later gives way to it). */
  onAccountClosed: (closure: CaseClosureState) => void = () => {},
) {
  let closing = false;
  wf.setHandler(caseClosedSignal, (signalled) => {
    if (!closed()) onAccountClosed(signalled);
  });
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

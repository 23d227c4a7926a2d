/**
 * The floors of an Update on a running workflow (bench/declarations.ts, bench/reassignment.ts),
 * bundled on their own (never part of the product's bundle): a workflow that only waits, with an
 * Update that does nothing and one that makes the round trips of a declaration (four empty
 * activities: apply the change, publish, record the declaration, record the transition); and the
 * floor of a surge (bench/surge.ts): a workflow that sleeps until an instant, then makes one activity.
 */
import * as wf from '@temporalio/workflow';

const { nothing } = wf.proxyActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '5 seconds' });

export const noOpUpdate = wf.defineUpdate<number>('noOp');
export const fourStepsUpdate = wf.defineUpdate<number>('fourSteps');
export const finishSignal = wf.defineSignal('finish');

/** Waits for Updates until told to finish; carries nothing. */
export async function waiting(): Promise<void> {
  let updates = 0;
  let finished = false;
  wf.setHandler(noOpUpdate, () => ++updates);
  wf.setHandler(fourStepsUpdate, async () => {
    for (let step = 0; step < 4; step++) await nothing();
    return ++updates;
  });
  wf.setHandler(finishSignal, () => {
    finished = true;
  });
  await wf.condition(() => finished && wf.allHandlersFinished());
}

/** Sleeps until `instant` (ISO), then one empty activity: a reminder at its least. */
export async function sleepingUntil(instant: string): Promise<void> {
  const wait = Date.parse(instant) - Date.now();
  if (wait > 0) await wf.sleep(wait);
  await nothing();
}

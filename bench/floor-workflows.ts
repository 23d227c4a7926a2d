/**
 * The floors of bench/registrations.ts: workflows that do nothing but the round trips, bundled on
 * their own (never part of the product's bundle). `sixSteps` makes the round trips of a registration
 * before this work (Update-With-Start, six activities, the Update answered after the first);
 * `oneStep` the least a registration can make (Update-With-Start, one activity: the SNGI call).
 */
import * as wf from '@temporalio/workflow';

const { nothing } = wf.proxyActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '5 seconds' });

export const goUpdate = wf.defineUpdate<void>('go');

export async function sixSteps(): Promise<void> {
  let asked = false;
  let firstDone = false;
  wf.setHandler(goUpdate, async () => {
    asked = true;
    await wf.condition(() => firstDone);
  });
  await wf.condition(() => asked);
  await nothing();
  firstDone = true;
  for (let step = 0; step < 5; step++) await nothing();
  await wf.condition(wf.allHandlersFinished);
}

export async function oneStep(): Promise<void> {
  let asked = false;
  wf.setHandler(goUpdate, () => {
    asked = true;
  });
  await wf.condition(() => asked);
  await nothing();
  await wf.condition(wf.allHandlersFinished);
}

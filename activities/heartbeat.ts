/**
 * Heartbeats for activities that may take longer than a few seconds: Temporal learns within its
 * heartbeat timeout that a worker died, and gives the activity to another one at once instead of
 * waiting out the start-to-close timeout.
 */
import { Context } from '@temporalio/activity';

const EVERY_MS = 1000;

/** Runs `work`, heartbeating every second meanwhile (outside an activity, it just runs `work`). */
export async function whileHeartbeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context | null = null;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * The 1 June surge: every lifecycle would remind its childminder at the same instant, two weeks
 * before the deadline. Each reminder falls instead at her own instant within a window after that
 * one, drawn from her registration's id: the same instant at every replay (workflow code may call
 * it), spread evenly over the window, so that Temporal, the outbox and the SMTP relay see a steady
 * stream instead of 310,000 timers at one second. The window's end is kept free (the policy's
 * drain), so that the last reminders, drawn just before it, are still sent inside it.
 */
import type { LifecyclePolicy } from './policy.ts';

/** Where in the window her reminder falls: [0, windowMs), from a 32-bit FNV-1a hash of her id. */
export function reminderOffsetMs(registrationId: string, windowMs: number): number {
  if (!(windowMs > 0)) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < registrationId.length; i++) {
    hash ^= registrationId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.floor((hash / 2 ** 32) * windowMs);
}

type SpreadPolicy = Pick<
  LifecyclePolicy,
  'declarationReminderBeforeMs' | 'declarationReminderSpreadMs' | 'declarationReminderDrainMs'
>;

/**
 * The window's part her instant is drawn from: the window, never more than half of the lead (she
 * keeps at least half of the notice the policy gives), less its end kept for the stream to drain.
 */
function drawnWindowMs(policy: SpreadPolicy): number {
  const window = Math.min(policy.declarationReminderSpreadMs ?? 0, policy.declarationReminderBeforeMs / 2);
  return Math.max(0, window - (policy.declarationReminderDrainMs ?? 0));
}

/** Her reminder's offset after the window's start (0 without a spread). */
export function reminderSpreadOffsetMs(policy: SpreadPolicy, registrationId: string): number {
  return reminderOffsetMs(registrationId, drawnWindowMs(policy));
}

/** The instant of her reminder before `deadline`: `reminderBeforeMs` ahead, then her offset. */
export function reminderInstant(deadline: string, policy: SpreadPolicy, registrationId: string): number {
  return (
    Date.parse(deadline) - policy.declarationReminderBeforeMs + reminderSpreadOffsetMs(policy, registrationId)
  );
}

/**
 * Her agrément's expiry: the instants she is reminded before it (6, 3 and 1 months by default,
 * "pensez au renouvellement auprès de la PMI"), then the expiry itself, from which the one
 * publication rule no longer shows her. A renewal moves the date: the milestones follow. Pure: the
 * lifecycle workflow waits on these instants, her page says the same thing from the same rule.
 */
import { endOf } from './agrement-notifications.ts';

/** How many months before her agrément's expiry she is reminded, by default. */
export const EXPIRY_REMINDER_MONTHS = [6, 3, 1] as const;

export interface ExpiryMilestone {
  /** Its rank among the milestones of one expiry date, the expiry itself last. */
  step: number;
  kind: 'reminder' | 'expiry';
  at: string;
}

function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** The instant her agrément stops being valid: the start of the day after its last valid day (UTC). */
export function expiresAt(expiryDate: string): Date {
  return endOf(expiryDate);
}

/**
 * The first day that is not expired at `now` (`YYYY-MM-DD`): an agrément whose last valid day is
 * before it has expired, as `expiresAt` and agrementState say, for queries that compare days.
 */
export function expiredBefore(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The milestones of an expiry date, in time order. `remindersBeforeMs` (a policy, tests give
 * seconds) replaces the calendar months when given.
 */
export function expiryMilestones(
  expiryDate: string,
  remindersBeforeMs?: readonly number[] | null,
): ExpiryMilestone[] {
  const end = expiresAt(expiryDate);
  const reminders = remindersBeforeMs
    ? remindersBeforeMs.map((ms) => new Date(end.getTime() - ms))
    : EXPIRY_REMINDER_MONTHS.map((months) => monthsBefore(end, months));
  const sorted = reminders.filter((at) => at < end).sort((a, b) => a.getTime() - b.getTime());
  return [
    ...sorted.map((at, step) => ({ step, kind: 'reminder' as const, at: at.toISOString() })),
    { step: sorted.length, kind: 'expiry', at: end.toISOString() },
  ];
}

/**
 * The milestone to tell her now, if any: the latest one passed and not told yet (`told`, the step
 * of the last one told, -1 for none). Earlier ones passed unseen are not told: a reminder that
 * "3 months are left" after the one that "1 month is left" would mislead her.
 */
export function dueMilestone(milestones: ExpiryMilestone[], told: number, now: Date): ExpiryMilestone | null {
  const passed = milestones.filter((m) => Date.parse(m.at) <= now.getTime());
  const latest = passed.at(-1);
  return latest && latest.step > told ? latest : null;
}

/** The next milestone still to come, if any. */
export function nextMilestone(milestones: ExpiryMilestone[], now: Date): ExpiryMilestone | null {
  return milestones.find((m) => Date.parse(m.at) > now.getTime()) ?? null;
}

/** Her page reminds her too, from the first reminder's instant until the expiry (the calendar months). */
export function renewalDue(expiryDate: string | null, now: Date): boolean {
  if (!expiryDate) return false;
  const [first] = expiryMilestones(expiryDate);
  return (
    first !== undefined &&
    first.kind === 'reminder' &&
    Date.parse(first.at) <= now.getTime() &&
    now < expiresAt(expiryDate)
  );
}

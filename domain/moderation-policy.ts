/**
 * Deadlines of a case in moderation: its due date (the office's target in working days), a
 * reminder before it and an escalation to the supervisors after it. Durations are workflow input,
 * so that a test turns "one working day before" into seconds.
 */
import type { Duration } from './policy.ts';
import { addWorkingDays, type WorkingCalendar } from './working-days.ts';

export interface ModerationPolicy {
  /** The holder (or, unheld, the office's moderators) is reminded this long before the due date. */
  reminderBeforeDue: Duration;
  /** The office's supervisors are alerted this long after the due date has passed. */
  escalationAfterDue: Duration;
  /**
   * A fixed handling time replacing the office's target in working days. Null in production:
   * tests set it so that a due date comes within seconds.
   */
  handlingTime: Duration | null;
}

export const DEFAULT_MODERATION_POLICY: ModerationPolicy = {
  reminderBeforeDue: '1 day',
  escalationAfterDue: '0 seconds',
  handlingTime: null,
};

const UNITS_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** A policy duration in milliseconds (`'2 seconds'`, `'1 day'`, `'90m'` or a number of ms). */
export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(duration);
  const unit = match ? UNITS_MS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`Durée illisible : ${duration}`);
  return Number(match[1]) * unit;
}

/**
 * When a case that reaches an office now must be decided by: the office's target in the working days
 * of the office's own département (Alsace-Moselle counts two more holidays).
 */
export function moderationDueAt(
  now: Date,
  targetWorkingDays: number,
  policy: ModerationPolicy = DEFAULT_MODERATION_POLICY,
  calendar: WorkingCalendar = {},
): Date {
  return policy.handlingTime !== null
    ? new Date(now.getTime() + durationMs(policy.handlingTime))
    : addWorkingDays(now, targetWorkingDays, calendar);
}

export type DeadlineAlert = 'reminder' | 'escalation';

/** The instants of the reminder and the escalation for a due date. */
export function deadlineAlerts(
  dueAt: Date,
  policy: ModerationPolicy = DEFAULT_MODERATION_POLICY,
): Record<DeadlineAlert, Date> {
  return {
    reminder: new Date(dueAt.getTime() - durationMs(policy.reminderBeforeDue)),
    escalation: new Date(dueAt.getTime() + durationMs(policy.escalationAfterDue)),
  };
}

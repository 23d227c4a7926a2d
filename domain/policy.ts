/**
 * Policy durations: how long the system waits before reminding or escalating. They are workflow
 * input, so that a test can turn "7 days" into "2 seconds". Values use Temporal's duration strings.
 */
import type { ModerationPolicy } from './moderation-policy.ts';
import type { RetentionPolicy } from './retention.ts';

export type Duration = string | number;

/** After activation: when she is reminded of her availability declaration, and against which deadlines. */
export interface LifecyclePolicy {
  /** How long before each declaration deadline she is reminded, in milliseconds (deadlines are instants). */
  declarationReminderBeforeMs: number;
  /**
   * How long after that instant the reminders are spread, each childminder at her own instant
   * (domain/reminder-spread.ts), in milliseconds; at most half of the lead. Absent: no spread.
   */
  declarationReminderSpreadMs?: number;
  /**
   * The end of that window kept free for the last reminders to go out (recorded and queued for
   * email), in milliseconds: the instants are drawn in the window minus this, so that the last one
   * is sent before the window closes. Absent (runs started before it): the whole window.
   */
  declarationReminderDrainMs?: number;
  /**
   * The declaration deadlines, as ISO instants. Absent: the legal calendar (1 June and 1 December,
   * midnight in Paris). Tests give instants seconds apart; an empty list means no deadline at all.
   */
  declarationDeadlines?: string[];
  /** Due dates and alerts of her changes in moderation; the default policy when absent. */
  moderation?: ModerationPolicy;
  /** How many changes she may make in one day; MAX_CHANGES_PER_DAY when absent. */
  maxChangesPerDay?: number;
  /**
   * How long before her agrément's expiry she is reminded, in milliseconds. Absent: 6, 3 and 1
   * calendar months (domain/agrement-expiry.ts). Tests give seconds.
   */
  agrementExpiryRemindersBeforeMs?: number[];
  /** How long her record is kept after a withdrawal (her registration's policy); the default when absent. */
  retention?: RetentionPolicy;
  /** Longest wait between two checks of her identity change while SNGI is unavailable; 1 minute when absent. */
  identityRetryMaxInterval?: Duration;
}

export interface RegistrationPolicy {
  /** Without an accepted copy of her agrément after this long, she is reminded (then again, at the same pace). */
  documentReminderAfter: Duration;
  /** How many such reminders at most; DOCUMENT_REMINDERS when absent. Her case then waits, silently. */
  documentReminders?: number;
  /** Longest wait between two attempts at the identity registry while it is unavailable. */
  identityRetryMaxInterval: Duration;
  /** Due dates, reminders and escalations while a moderator has the case; the default policy when absent. */
  moderation?: ModerationPolicy;
  /** Handed to her lifecycle once approved; the default policy when absent. */
  lifecycle?: LifecyclePolicy;
  /** How long her data is kept (from configuration); DEFAULT_RETENTION_POLICY when absent. */
  retention?: RetentionPolicy;
}

/** Four reminders, one a week: a month of them, then no more email about it. */
export const DOCUMENT_REMINDERS = 4;

/**
 * Reminded 14 to 11 days ahead: 310,000 reminders drawn over the first 64.8 hours of three days
 * (about 1.3 a second), the last 7.2 hours (a tenth) kept for the stream to drain.
 */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  declarationReminderBeforeMs: 14 * 24 * 3600_000,
  declarationReminderSpreadMs: 3 * 24 * 3600_000,
  declarationReminderDrainMs: (3 * 24 * 3600_000) / 10,
};

export const DEFAULT_REGISTRATION_POLICY: RegistrationPolicy = {
  documentReminderAfter: '7 days',
  // Once the registry is back, a waiting case is checked again within a minute.
  identityRetryMaxInterval: '1 minute',
  lifecycle: DEFAULT_LIFECYCLE_POLICY,
};

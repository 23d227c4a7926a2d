/**
 * Policy durations: how long the system waits before reminding or escalating. They are workflow
 * input, so that a test can turn "7 days" into "2 seconds". Values use Temporal's duration strings.
 */

export type Duration = string | number;

export interface RegistrationPolicy {
  /** Without an accepted copy of her agrément after this long, she is reminded (then again, at the same pace). */
  documentReminderAfter: Duration;
  /** Longest wait between two attempts at the identity registry while it is unavailable. */
  identityRetryMaxInterval: Duration;
}

export const DEFAULT_REGISTRATION_POLICY: RegistrationPolicy = {
  documentReminderAfter: '7 days',
  identityRetryMaxInterval: '10 minutes',
};

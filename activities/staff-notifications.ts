/** Emails to staff: deadline reminders to the holder or the office, escalations to supervisors. */
import type { ActivityDeps } from './index.ts';

export function staffNotificationActivities(_deps: ActivityDeps) {
  return {};
}

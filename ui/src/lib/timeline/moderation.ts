/** How the timeline tells moderation events added by the moderation features (deadlines, notes…). */
import { m } from '../i18n/index.ts';
import type { TimelineEntry } from '../types.ts';

export const moderationLabels: Record<
  string,
  (entry: TimelineEntry, audience: 'childminder' | 'staff') => string
> = {
  deadline_reminder_sent: (entry) =>
    m.moderation.timeline.deadlineReminder(String(entry.data.to ?? 'office')),
  deadline_escalated: () => m.moderation.timeline.deadlineEscalated,
};

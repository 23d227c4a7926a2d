/** How the timeline tells moderation events added by the moderation features (deadlines, notes…). */
import type { TimelineEntry } from '../types.ts';

export const moderationLabels: Record<
  string,
  (entry: TimelineEntry, audience: 'childminder' | 'staff') => string
> = {};

/** How the timeline tells the events of a case after activation (profile changes, declarations, deadlines). */
import type { TimelineEntry } from '../types.ts';

export const lifecycleLabels: Record<
  string,
  (entry: TimelineEntry, audience: 'childminder' | 'staff') => string
> = {};

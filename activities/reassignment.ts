/** Bulk reassignment: selecting the cases of a filter, recording progress and the report. */
import type { ActivityDeps } from './index.ts';

export function reassignmentActivities(_deps: ActivityDeps) {
  return {};
}

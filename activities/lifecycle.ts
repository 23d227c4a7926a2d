/** After activation: republishing, availability deadlines, applying approved changes. */
import type { ActivityDeps } from './index.ts';

export function lifecycleActivities(_deps: ActivityDeps) {
  return {};
}

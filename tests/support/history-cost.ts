/**
 * What one workflow history costs Temporal, counted from the history itself: events, workflow tasks,
 * activities (scheduled on a task queue, or local: a marker), search-attribute upserts, Updates,
 * timers, child starts, and its size. The count test and bench/registrations.ts read the same figures.
 */
import type { WorkflowHandle } from '@temporalio/client';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

export interface HistoryCost {
  events: number;
  workflowTasks: number;
  activities: number;
  localActivities: number;
  upserts: number;
  /** Those of the SDK alone: the TemporalChangeVersion that goes with each patch marker. */
  patchUpserts: number;
  updates: number;
  timers: number;
  childStarts: number;
  bytes: number;
}

export function historyCost(history: History): HistoryCost {
  const events = history.events ?? [];
  const count = (has: (e: (typeof events)[number]) => unknown) => events.filter((e) => has(e)).length;
  return {
    events: events.length,
    workflowTasks: count((e) => e.workflowTaskCompletedEventAttributes),
    activities: count((e) => e.activityTaskScheduledEventAttributes),
    localActivities: count((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
    upserts: count((e) => e.upsertWorkflowSearchAttributesEventAttributes),
    patchUpserts: count((e) => {
      const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
      return fields && Object.keys(fields).join() === 'TemporalChangeVersion';
    }),
    updates: count((e) => e.workflowExecutionUpdateAcceptedEventAttributes),
    timers: count((e) => e.timerStartedEventAttributes),
    childStarts: count((e) => e.startChildWorkflowExecutionInitiatedEventAttributes),
    bytes: JSON.stringify(history).length,
  };
}

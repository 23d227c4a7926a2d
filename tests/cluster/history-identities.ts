/**
 * Which worker process did what, read from Temporal's histories: every workflow task completed and
 * every activity task started records the identity of the worker that took it (`pid@host`).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;

export interface WorkDone {
  identity: string;
  at: Date;
  kind: 'workflow task' | 'activity';
}

function timeOf(time: { seconds?: unknown; nanos?: number | null } | null | undefined): Date {
  return new Date(Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6));
}

/**
 * The work recorded in the history of every run of `workflowId`, from the latest back through the
 * runs it continued (each run's first event names the one before), so none is missed while
 * visibility catches up.
 */
export async function workDone(client: Client, workflowId: string): Promise<WorkDone[]> {
  const done: WorkDone[] = [];
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = undefined;
    for (const event of history.events ?? []) {
      const at = timeOf(event.eventTime);
      const started = event.workflowExecutionStartedEventAttributes;
      if (started?.continuedExecutionRunId) runId = started.continuedExecutionRunId;
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        done.push({
          identity: event.workflowTaskCompletedEventAttributes?.identity ?? '',
          at,
          kind: 'workflow task',
        });
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        done.push({
          identity: event.activityTaskStartedEventAttributes?.identity ?? '',
          at,
          kind: 'activity',
        });
    }
  } while (runId);
  return done;
}

/** How many pieces of work each identity did. */
export function countByIdentity(work: WorkDone[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { identity } of work) counts[identity] = (counts[identity] ?? 0) + 1;
  return counts;
}

/**
 * Her draft's deletion deadline (workflows/draft-retention.ts), pushed back by each save: the first
 * save starts its workflow with Signal-With-Start, the next ones signal it. Sent after the save is
 * written, so that the workflow's check in the database always sees it.
 */
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import {
  draftRetention,
  draftRetentionWorkflowId,
  draftSubmittedSignal,
  draftTouchedSignal,
} from '../../workflows/draft-retention.ts';
import type { ApiDeps } from '../context.ts';

/**
 * She saved her registration (a section, an upload, a copy attached or removed): while it is a draft,
 * its deadline starts again. A submitted case is the administration's record: no deadline of this kind.
 */
export async function draftSaved(
  deps: ApiDeps,
  registration: { id: string; submittedAt: Date | null },
): Promise<void> {
  if (registration.submittedAt) return;
  const registrationId = registration.id;
  await deps.temporal.workflow.signalWithStart(draftRetention, {
    workflowId: draftRetentionWorkflowId(registrationId),
    taskQueue: deps.taskQueue,
    args: [{ registrationId, policy: deps.policy.retention ?? DEFAULT_RETENTION_POLICY }],
    signal: draftTouchedSignal,
  });
}

/**
 * She submitted it: its deadline ends now. Her submission is done whatever happens here: a signal
 * lost ends it at its next deadline instead, when the workflow finds the draft submitted.
 */
export async function draftSubmitted(deps: ApiDeps, registrationId: string): Promise<void> {
  await deps.temporal.workflow
    .getHandle(draftRetentionWorkflowId(registrationId))
    .signal(draftSubmittedSignal)
    // No workflow (a draft from before the policy), or Temporal unreachable: the deadline ends by itself.
    .catch(() => undefined);
}

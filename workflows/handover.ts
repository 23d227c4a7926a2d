/**
 * The approval hands the case to her lifecycle, which outlives the registration and continues the
 * same case row (the approval is recorded with its workflow id, so commands reach it from then on).
 * Before issue 10 a child workflow (ABANDON); a lean case starts it from a local activity with the
 * same derived id, which saves the child's round trip (two events and a workflow task).
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import { DEFAULT_LIFECYCLE_POLICY, type RegistrationPolicy } from '../domain/policy.ts';
import { CASE_STEP } from './activity-options.ts';
import type { AgrementAtActivation } from '../activities/agrement-adoption.ts';
import { agrementWatchAtActivation } from './agrement-standing.ts';
import { childminder, childminderWorkflowId, type ChildminderInput } from './childminder.ts';

const { startLifecycle } = wf.proxyLocalActivities<ReturnType<typeof createActivities>>(CASE_STEP);

export interface ApprovedCase {
  registrationId: string;
  ownerId: string;
  policy: RegistrationPolicy;
  state: {
    seq: number;
    officeId: string | null;
    identityOutcome: IdentityOutcome | null;
    submittedAt: string | null;
  };
}

/**
 * Starts her lifecycle; returns its workflow id. Idempotent: an existing one is the handover done.
 * What the départements notified before her activation goes with it, in its inbox, to be told once.
 */
export async function handOverToLifecycle(
  kase: ApprovedCase,
  lean: boolean,
  agrement: AgrementAtActivation | null = null,
): Promise<string> {
  const { state } = kase;
  const input: ChildminderInput = {
    registrationId: kase.registrationId,
    ownerId: kase.ownerId,
    // Her changes are moderated under the same policy as her registration.
    policy: {
      moderation: kase.policy.moderation,
      retention: kase.policy.retention,
      ...(kase.policy.lifecycle ?? DEFAULT_LIFECYCLE_POLICY),
    },
    state: {
      status: 'active',
      seq: state.seq + 1,
      officeId: state.officeId,
      holderId: null,
      dueAt: null,
      decision: null,
      identityOutcome: state.identityOutcome,
      verifiedOfficeId: state.officeId,
      submittedAt: state.submittedAt,
      registrationSubmittedAt: state.submittedAt,
      pendingChange: null,
      availability: null,
      lastDeclaredAt: null,
      overdueDeadline: null,
      consecutiveMisses: 0,
      ...(agrement ? { agrement: agrementWatchAtActivation(agrement) } : {}),
    },
  };
  const workflowId = childminderWorkflowId(kase.registrationId);
  if (lean) {
    await startLifecycle({ workflowId, taskQueue: wf.workflowInfo().taskQueue, input });
    return workflowId;
  }
  try {
    await wf.startChild(childminder, { workflowId, parentClosePolicy: 'ABANDON', args: [input] });
  } catch (error) {
    // Already running: the handover happened (ids are derived from the registration).
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
  return workflowId;
}

/**
 * The approval hands her case to her lifecycle, `childminder:<registrationId>`, which outlives the
 * registration (ABANDON) and continues the same case row from the next `seq`. What the départements
 * notified before her activation goes with it, in its inbox, for the lifecycle to tell her once.
 */
import * as wf from '@temporalio/workflow';
import type { AgrementAtActivation } from '../activities/agrement-adoption.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import { DEFAULT_LIFECYCLE_POLICY, type RegistrationPolicy } from '../domain/policy.ts';
import { agrementWatchAtActivation } from './agrement-standing.ts';
import { childminder, childminderWorkflowId, type LifecycleState } from './childminder.ts';

/** What the registration knows of the case when it is approved. */
export interface ApprovedCase {
  registrationId: string;
  ownerId: string;
  policy: RegistrationPolicy;
  seq: number;
  officeId: string | null;
  identityOutcome: IdentityOutcome | null;
  submittedAt: string | null;
}

/** Starts her lifecycle (once: ids are derived from the registration); returns its workflow id. */
export async function handOverToLifecycle(
  approved: ApprovedCase,
  agrement: AgrementAtActivation | null,
): Promise<string> {
  const lifecycleState: LifecycleState = {
    status: 'active',
    seq: approved.seq + 1,
    officeId: approved.officeId,
    holderId: null,
    dueAt: null,
    decision: null,
    identityOutcome: approved.identityOutcome,
    verifiedOfficeId: approved.officeId,
    submittedAt: approved.submittedAt,
    registrationSubmittedAt: approved.submittedAt,
    pendingChange: null,
    availability: null,
    lastDeclaredAt: null,
    overdueDeadline: null,
    consecutiveMisses: 0,
    ...(agrement ? { agrement: agrementWatchAtActivation(agrement) } : {}),
  };
  const workflowId = childminderWorkflowId(approved.registrationId);
  try {
    await wf.startChild(childminder, {
      workflowId,
      parentClosePolicy: 'ABANDON',
      args: [
        {
          registrationId: approved.registrationId,
          ownerId: approved.ownerId,
          // Her changes are moderated under the same policy as her registration.
          policy: {
            moderation: approved.policy.moderation,
            ...(approved.policy.lifecycle ?? DEFAULT_LIFECYCLE_POLICY),
          },
          state: lifecycleState,
        },
      ],
    });
  } catch (error) {
    // Already running: the handover happened (ids are derived from the registration).
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
  return workflowId;
}

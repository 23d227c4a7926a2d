/**
 * Writing a case's transitions, shared by the workflows that hold a case in turn (the registration,
 * then her lifecycle): the same row, the same guarded sequence, the same search attributes.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { TimelineEvent } from '../activities/types.ts';
import type { CaseSnapshot } from '../domain/case-rules.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import type { ModerationState } from './moderation.ts';
import { caseStatusKey, pivotOfficeKey } from './search-attributes.ts';

const { recordTransition } = wf.proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
});

/** What the projection row shows of a case, beyond moderation. */
export interface RecordedCaseState extends ModerationState {
  identityOutcome: IdentityOutcome | null;
  submittedAt: string | null;
}

export type CaseRecorder = (event: Omit<TimelineEvent, 'at'>, status?: CaseStatus) => Promise<void>;

/**
 * A function that moves the case (or only adds to its timeline) and writes the projection, guarded
 * by `seq`. `holderWorkflowId` says which workflow holds the case now, for commands to reach it.
 */
export function caseRecorder(
  registrationId: string,
  state: RecordedCaseState,
  holderWorkflowId: () => string,
): CaseRecorder {
  return async (event, status = state.status) => {
    state.seq += 1;
    state.status = status;
    const seq = state.seq;
    wf.upsertSearchAttributes([
      { key: caseStatusKey, value: status },
      { key: pivotOfficeKey, value: state.officeId ?? 'none' },
    ]);
    await recordTransition({
      registrationId,
      workflowId: holderWorkflowId(),
      seq,
      status,
      officeId: state.officeId,
      holderId: state.holderId,
      identityOutcome: state.identityOutcome,
      submittedAt: state.submittedAt,
      dueAt: state.dueAt,
      event: { ...event, at: new Date().toISOString() },
    });
  };
}

/** The part of the case the rules of domain/case-rules.ts look at. */
export function caseSnapshot(state: ModerationState, ownerId: string): CaseSnapshot {
  return {
    status: state.status,
    ownerId,
    officeId: state.officeId,
    holderId: state.holderId,
    decisionPending: state.decision !== null,
  };
}

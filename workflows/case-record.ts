/**
 * Writing a case's transitions, shared by the workflows that hold a case in turn (the registration,
 * then her lifecycle): the same row, the same guarded sequence, the same search attributes. A
 * transition that tells her something carries its email, queued in the outbox with the transition.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { CaseNotice, TimelineEvent, TransitionAudit } from '../activities/types.ts';
import type { Actor, CaseSnapshot } from '../domain/case-rules.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import { CASE_STEP } from './activity-options.ts';
import { patchedUnlessLean } from './lean.ts';
import type { ModerationState } from './moderation.ts';
import { caseStatusKey, pivotOfficeKey } from './search-attributes.ts';

// The projection must follow the workflow: retried until PostgreSQL answers, even inside an Update.
const { recordTransition, notifyChildminder } =
  wf.proxyActivities<ReturnType<typeof createActivities>>(CASE_STEP);
// A lean case writes it from the workflow task that moves the case: one marker, no task of its own.
const local = wf.proxyLocalActivities<ReturnType<typeof createActivities>>(CASE_STEP);

/** Before the queue, a lean case shows no search attributes of its own: operators look from routing on. */
const BEFORE_THE_QUEUE: CaseStatus[] = ['draft', 'identity_check', 'awaiting_document'];

/** What the projection row shows of a case, beyond moderation. */
export interface RecordedCaseState extends ModerationState {
  identityOutcome: IdentityOutcome | null;
  submittedAt: string | null;
}

/**
 * A timeline event as a workflow records it: with the audit line of the command it carries out, if a
 * person asked for it (written by the same activity, in the same transaction, once).
 */
export type RecordedEvent = Omit<TimelineEvent, 'at'> & { audit?: TransitionAudit };

/** The audit line of `actor`'s command: her id and role, the action's code, ids and codes as detail. */
export function commandAudit(
  actor: Pick<Actor, 'userId' | 'role'>,
  action: string,
  detail?: Record<string, unknown>,
  target?: TransitionAudit['target'],
): TransitionAudit {
  return {
    actor: { userId: actor.userId, role: actor.role },
    action,
    ...(detail ? { detail } : {}),
    ...(target ? { target } : {}),
  };
}

export type CaseRecorder = ((
  event: RecordedEvent,
  status?: CaseStatus,
  notice?: CaseNotice,
) => Promise<void>) & { lean?: boolean };

/**
 * A function that moves the case (or only adds to its timeline) and writes the projection, guarded
 * by `seq`. `holderWorkflowId` says which workflow holds the case now, for commands to reach it.
 */
export function caseRecorder(
  registrationId: string,
  state: RecordedCaseState,
  holderWorkflowId: () => string,
  options: { lean?: boolean } = {},
): CaseRecorder {
  const { lean } = options;
  let shown: string | null = null;
  const record: CaseRecorder = async ({ audit, ...event }, status = state.status, notice) => {
    state.seq += 1;
    state.status = status;
    const seq = state.seq;
    const office = state.officeId ?? 'none';
    // Lean: only when what operators see changes (routing, a decision, a reassignment).
    if (!lean || (!BEFORE_THE_QUEUE.includes(status) && shown !== `${status} ${office}`)) {
      shown = `${status} ${office}`;
      wf.upsertSearchAttributes([
        { key: caseStatusKey, value: status },
        { key: pivotOfficeKey, value: office },
      ]);
    }
    await (lean ? local.recordTransition : recordTransition)({
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
      ...(notice ? { notice } : {}),
      // An input field, not a command: histories from before it replay unchanged (no marker needed).
      ...(audit ? { audit } : {}),
    });
  };
  record.lean = lean;
  return record;
}

/** Histories from before the outbox sent each email with an activity of its own, around the transition. */
const OUTBOX_PATCH = 'mail-through-outbox';

/**
 * Records a transition and the email it sends her, in one step: the case never waits for SMTP.
 * `afterRecord` runs once the transition is written (the answer to a waiting Update, say);
 * `noticeFirst` is where histories of the time before the outbox sent the email.
 */
export async function recordWithNotice(
  record: CaseRecorder,
  registrationId: string,
  step: {
    event: RecordedEvent;
    status?: CaseStatus;
    notice: CaseNotice;
    afterRecord?: () => void;
    noticeFirst?: boolean;
  },
): Promise<void> {
  if (patchedUnlessLean(OUTBOX_PATCH, record.lean)) {
    await record(step.event, step.status, step.notice);
    step.afterRecord?.();
    return;
  }
  if (step.noticeFirst) await notifyChildminder({ registrationId, ...step.notice });
  await record(step.event, step.status);
  step.afterRecord?.();
  if (!step.noticeFirst) await notifyChildminder({ registrationId, ...step.notice });
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

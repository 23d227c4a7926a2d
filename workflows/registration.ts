/**
 * One childminder's registration, from the draft to the decision: identity check against SNGI,
 * the copy of her agrément, routing to the pivot CAF of her département, a moderator's decision.
 * Personal data stays in PostgreSQL and S3: this workflow carries ids and codes only.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import { resubmitViolation, submitViolation, type Actor } from '../domain/case-rules.ts';
import type { DailyCount } from '../domain/daily-count.ts';
import type { IdentityOutcome } from '../domain/identity-check.ts';
import { DOCUMENT_REMINDERS, type RegistrationPolicy } from '../domain/policy.ts';
import { moderationDueAt } from '../domain/moderation-policy.ts';
import { installDocumentHandlers } from './case-documents.ts';
import {
  awaitDecision,
  decisionAudit,
  installModerationHandlers,
  officeCalendar,
  refuse,
  type Decision,
  type ModeratedCase,
  type ModerationState,
} from './moderation.ts';
import { handOverToLifecycle } from './handover.ts';
import { LEAN_REGISTRATION_PATCH, patchedUnlessLean } from './lean.ts';
import { caseRecorder, caseSnapshot, commandAudit, recordWithNotice } from './case-record.ts';
import { CASE_STEP, UNTIL_IT_WORKS } from './activity-options.ts';
import { startRejectedCasePurge } from './retention-purge.ts';

export type { Decision } from './moderation.ts';
export { attachDocumentUpdate, removeDocumentUpdate } from './case-documents.ts';

export interface RegistrationInput {
  registrationId: string;
  ownerId: string;
  policy: RegistrationPolicy;
}

export interface CaseView {
  status: CaseStatus;
  seq: number;
  officeId: string | null;
  holderId: string | null;
  identityOutcome: IdentityOutcome | null;
  acceptedDocuments: number;
}

// Updates, not signals: each of these needs an answer (accepted, or refused with a reason) and the
// validator refuses it without touching the case when the rules say no.
export const submitUpdate = wf.defineUpdate<CaseView, [Actor]>('submit');
export const resubmitUpdate = wf.defineUpdate<CaseView, [Actor]>('resubmit');
export const caseQuery = wf.defineQuery<CaseView>('case');

export function registrationWorkflowId(registrationId: string): string {
  return `registration:${registrationId}`;
}

/**
 * A workflow task left on a dead worker is given to another after this (Temporal's default is 10 s):
 * part of how long a case waits after a crash. Its tasks take milliseconds, a second on a busy machine.
 */
export const REGISTRATION_TASK_TIMEOUT = '5 seconds';

type Activities = ReturnType<typeof createActivities>;

/** Cases resubmitted before this change kept their first due date; histories of those replay unchanged. */
const RESUBMISSION_DUE_DATE_PATCH = 'due-date-on-resubmission';

const steps = wf.proxyActivities<Activities>(CASE_STEP);
// A lean case runs them in the workflow task that needs them: one marker each, no task of their own.
const localSteps = wf.proxyLocalActivities<Activities>(CASE_STEP);

/** Histories from before the limit reminded her of the missing document without end. */
const DOCUMENT_REMINDER_LIMIT_PATCH = 'document-reminder-limit';

/** Workflows approved before the lifecycle existed end without one (their histories replay unchanged). */
const LIFECYCLE_HANDOVER = 'lifecycle-handover';

/** Cases rejected before the retention policy ended without a purge (their histories replay unchanged). */
const REJECTED_CASE_PURGE = 'rejected-case-purge';

export async function registration(input: RegistrationInput): Promise<CaseStatus> {
  // Asked first, in the first task: a case started before it replays as it ran (workflows/lean.ts).
  const lean = wf.patched(LEAN_REGISTRATION_PATCH);
  const { routeCase, officeTargetWorkingDays, publishProfile } = lean ? localSteps : steps;
  const { checkIdentity } = wf.proxyActivities<Activities>({
    // The call has its own 15 s limit; the heartbeat tells a dead worker within seconds.
    startToCloseTimeout: '30 seconds',
    heartbeatTimeout: '5 seconds',
    // The registry being down is never a rejection: retry until it answers.
    retry: {
      ...UNTIL_IT_WORKS,
      initialInterval: '1 second',
      maximumInterval: input.policy.identityRetryMaxInterval,
    },
  });

  const state = {
    status: 'draft' as CaseStatus,
    seq: 0,
    officeId: null as string | null,
    holderId: null as string | null,
    identityOutcome: null as IdentityOutcome | null,
    acceptedDocuments: 0,
    uploadsToday: null as DailyCount | null,
    submittedAt: null as string | null,
    dueAt: null as string | null,
    submittedBy: null as Actor | null,
    resubmittedBy: null as Actor | null,
    decision: null as Decision | null,
  } satisfies ModerationState & Record<string, unknown>;
  const snapshot = () => caseSnapshot(state, input.ownerId);
  const view = (): CaseView => ({
    status: state.status,
    seq: state.seq,
    officeId: state.officeId,
    holderId: state.holderId,
    identityOutcome: state.identityOutcome,
    acceptedDocuments: state.acceptedDocuments,
  });

  // Which workflow holds the case: this one, until the approval hands it to her lifecycle.
  let caseWorkflowId = wf.workflowInfo().workflowId;

  const record = caseRecorder(input.registrationId, state, () => caseWorkflowId, { lean });
  const { registrationId } = input;

  wf.setHandler(caseQuery, view);

  wf.setHandler(
    submitUpdate,
    async (actor) => {
      state.submittedBy = actor;
      await wf.condition(() => state.status !== 'draft');
      return view();
    },
    { validator: (actor) => refuse(state.submittedBy ? 'not_draft' : submitViolation(snapshot(), actor)) },
  );

  wf.setHandler(
    resubmitUpdate,
    async (actor) => {
      state.resubmittedBy = actor;
      await wf.condition(() => state.status !== 'correction_requested');
      return view();
    },
    {
      validator: (actor) =>
        refuse(state.resubmittedBy ? 'not_correction_requested' : resubmitViolation(snapshot(), actor)),
    },
  );

  installDocumentHandlers({ registrationId: input.registrationId, state, snapshot, record, lean });

  const moderated: ModeratedCase = { state, snapshot, record, lean };
  installModerationHandlers(moderated, input.policy.moderation);

  // ——— The case itself ———

  await wf.condition(() => state.submittedBy !== null);
  state.submittedAt = new Date().toISOString();
  await recordWithNotice(record, registrationId, {
    event: {
      type: 'submitted',
      actorId: state.submittedBy!.userId,
      audit: commandAudit(state.submittedBy!, 'registration.submitted'),
    },
    status: 'identity_check',
    notice: { template: 'submitted', key: 'submitted' },
  });

  for (let round = 1; ; round++) {
    state.identityOutcome = await checkIdentity(input.registrationId);
    await record({ type: 'identity_checked', data: { outcome: state.identityOutcome } });

    if (state.acceptedDocuments === 0) {
      await record({ type: 'document_awaited' }, 'awaiting_document');
      // Lean: once the upload's Update has answered too, so that its answer and the routing keep
      // one order in the history (local activities resolve at once on replay).
      const received = () => state.acceptedDocuments > 0 && (!lean || wf.allHandlersFinished());
      const reminders = patchedUnlessLean(DOCUMENT_REMINDER_LIMIT_PATCH, lean)
        ? (input.policy.documentReminders ?? DOCUMENT_REMINDERS)
        : Infinity;
      for (let reminder = 1; ; reminder++) {
        if (reminder > reminders) {
          await wf.condition(received);
          break;
        }
        if (await wf.condition(received, input.policy.documentReminderAfter)) break;
        await recordWithNotice(record, registrationId, {
          event: { type: 'document_reminder_sent' },
          notice: { template: 'document_reminder', key: `document_reminder:${round}:${reminder}` },
          noticeFirst: true,
        });
      }
    }

    if (!state.officeId) {
      const route = await routeCase(input.registrationId);
      state.officeId = route.officeId;
      state.dueAt = moderationDueAt(
        new Date(),
        route.targetWorkingDays,
        input.policy.moderation,
        officeCalendar(route.officeId, lean),
      ).toISOString();
      await record({ type: 'routed', officeId: route.officeId }, 'in_moderation');
    } else {
      // A resubmitted case gets the office's full handling time again, and its alerts anew.
      if (patchedUnlessLean(RESUBMISSION_DUE_DATE_PATCH, lean)) {
        const targetWorkingDays = await officeTargetWorkingDays(state.officeId);
        state.dueAt = moderationDueAt(
          new Date(),
          targetWorkingDays,
          input.policy.moderation,
          officeCalendar(state.officeId, lean),
        ).toISOString();
      }
      await record({ type: 'back_in_queue', officeId: state.officeId }, 'in_moderation');
    }

    const decision = await awaitDecision(moderated, input.policy.moderation);
    const decided = {
      actorId: decision.actor.userId,
      messageId: decision.messageId,
      audit: decisionAudit(decision),
    };

    if (decision.kind === 'approve') {
      // What the départements notified before she could be matched applies in the publication's own
      // step, before she is published (no round trip of its own; older histories answer nothing).
      const agrement = (await publishProfile(input.registrationId, { atActivation: true })) ?? null;
      if (patchedUnlessLean(LIFECYCLE_HANDOVER, lean))
        caseWorkflowId = await handOverToLifecycle({ ...input, state }, lean, agrement);
      await recordWithNotice(record, registrationId, {
        event: { type: 'approved', ...decided },
        status: 'active',
        notice: { template: 'approved', key: 'approved' },
        afterRecord: () => (state.decision = null),
      });
      await wf.condition(wf.allHandlersFinished);
      return state.status;
    }
    if (decision.kind === 'reject') {
      await recordWithNotice(record, registrationId, {
        event: { type: 'rejected', ...decided },
        status: 'rejected',
        notice: { template: 'rejected', key: 'rejected' },
        afterRecord: () => (state.decision = null),
      });
      // Her documents and identity are purged once the appeal period has passed.
      if (wf.patched(REJECTED_CASE_PURGE))
        await startRejectedCasePurge(registrationId, input.policy.retention);
      await wf.condition(wf.allHandlersFinished);
      return state.status;
    }

    await recordWithNotice(record, registrationId, {
      event: { type: 'correction_requested', ...decided },
      status: 'correction_requested',
      notice: { template: 'correction_requested', key: `correction_requested:${round}` },
      afterRecord: () => (state.decision = null),
    });
    await wf.condition(() => state.resubmittedBy !== null);
    const resubmittedBy = state.resubmittedBy!;
    state.resubmittedBy = null;
    await record(
      {
        type: 'resubmitted',
        actorId: resubmittedBy.userId,
        audit: commandAudit(resubmittedBy, 'registration.resubmitted'),
      },
      'identity_check',
    );
  }
}

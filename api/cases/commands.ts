/**
 * Commands on a registration case, sent to its workflow as Updates. Starting is idempotent: the
 * workflow id is derived from the registration id, an existing run is reused, and a closed one is
 * never started again. A refused Update becomes a problem with the rule's code and message.
 */
import {
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CASE_RULES, type Actor, type CaseRuleCode } from '../../domain/case-rules.ts';
import { ATTESTATION_REFUSED, CHANGE_RULES } from '../../domain/profile-changes.ts';
import {
  changeProfileUpdate,
  childminderWorkflowId,
  type ProfileChange,
} from '../../workflows/childminder.ts';
import { ROLLING_OVER } from '../../workflows/profile-edits.ts';
import {
  assignUpdate,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  releaseUpdate,
  type Assignee,
  type Decision,
  type Reassignment,
} from '../../workflows/moderation.ts';
import {
  attachDocumentUpdate,
  registration,
  REGISTRATION_TASK_TIMEOUT,
  registrationWorkflowId,
  removeDocumentUpdate,
  resubmitUpdate,
  submitUpdate,
} from '../../workflows/registration.ts';
import type { ApiDeps } from '../context.ts';
import { Problem } from '../problem.ts';

/** 403 when the actor may never do it; 409 when the case is not in a state that allows it. */
const FORBIDDEN_RULES: CaseRuleCode[] = ['not_owner', 'not_staff', 'wrong_office', 'not_supervisor'];

/**
 * Temporal refuses an Update while the case's last workflow task failed (a worker overloaded past the
 * SDK's deadlock detector, say) until a next attempt succeeds: the Update was never admitted, so
 * sending it again cannot do it twice.
 */
const FAILED_PRECONDITION = 9; // gRPC's status code

function caseBusy(error: unknown): boolean {
  const cause = (error as { cause?: { code?: number; details?: string } } | null)?.cause;
  return (
    error instanceof ServiceError &&
    cause?.code === FAILED_PRECONDITION &&
    /workflow task in failed state/i.test(cause.details ?? '')
  );
}

/** How long a command waits for a busy case before answering 503 (workflow tasks are retried at once). */
const BUSY_WAIT_MS = 15_000;

/** Sends an Update, and again while the case is busy; what else refuses it is thrown as it came. */
async function whileBusy<T>(update: () => Promise<T>): Promise<T> {
  const until = Date.now() + BUSY_WAIT_MS;
  for (let pause = 250; ; pause = Math.min(pause * 2, 2000)) {
    try {
      return await update();
    } catch (error) {
      if (!caseBusy(error) || Date.now() + pause > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Sends an Update (again while the case is busy) and turns what refused it into a problem. */
const sent = <T>(update: () => Promise<T>): Promise<T> => whileBusy(update).catch(asProblem);

function asProblem(error: unknown): never {
  if (caseBusy(error))
    throw new Problem(
      503,
      'case_busy',
      'Le dossier est momentanément occupé. Réessayez dans quelques instants.',
    );
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type ?? 'update_refused';
    // Her new attestation refused by the check: bad input, said next to the file's field.
    if (code === ATTESTATION_REFUSED)
      throw new Problem(422, code, error.cause.message, [{ path: 'document', message: error.cause.message }]);
    const status = FORBIDDEN_RULES.includes(code as CaseRuleCode)
      ? 403
      : code in CASE_RULES || code in CHANGE_RULES
        ? 409
        : 503;
    throw new Problem(status, code, error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new Problem(409, 'case_not_started', 'Ce dossier n’a pas encore été déposé.');
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    throw new Problem(409, 'case_closed', CASE_RULES.case_closed);
  }
  throw error;
}

export function caseCommands(deps: ApiDeps) {
  const { temporal, taskQueue, policy, db } = deps;

  /** The workflow that holds a case now (its registration, later its lifecycle), from the projection. */
  async function caseWorkflow(registrationId: string) {
    const row = await db('cases').where({ registration_id: registrationId }).first('workflow_id');
    if (!row) throw new Problem(409, 'case_not_started', 'Ce dossier n’a pas encore été déposé.');
    return temporal.workflow.getHandle(row.workflow_id);
  }

  /**
   * Sends an Update to the workflow that holds the case. The registration ends as it hands the case
   * to her lifecycle: an Update reaching it just after goes on to the lifecycle, which the projection
   * names by then; a case whose workflow has ended without a successor is closed.
   */
  async function toCase<T>(registrationId: string, send: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
    const first = await caseWorkflow(registrationId);
    try {
      return await whileBusy(() => send(first));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) return asProblem(error);
      const now = await caseWorkflow(registrationId);
      if (now.workflowId === first.workflowId) throw new Problem(409, 'case_closed', CASE_RULES.case_closed);
      return sent(() => send(now));
    }
  }

  function startOperation(registrationId: string, ownerId: string) {
    return new WithStartWorkflowOperation(registration, {
      workflowId: registrationWorkflowId(registrationId),
      taskQueue,
      args: [{ registrationId, ownerId, policy }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowTaskTimeout: REGISTRATION_TASK_TIMEOUT,
    });
  }

  return {
    /** Submits her draft; the case starts here if no document started it before. */
    submit: (registrationId: string, ownerId: string, actor: Actor) =>
      sent(() =>
        temporal.workflow.executeUpdateWithStart(submitUpdate, {
          args: [actor],
          startWorkflowOperation: startOperation(registrationId, ownerId),
        }),
      ),

    /** Has an uploaded document verified and attached to the case. */
    attachDocument: (registrationId: string, ownerId: string, actor: Actor, documentId: string) =>
      sent(() =>
        temporal.workflow.executeUpdateWithStart(attachDocumentUpdate, {
          args: [actor, documentId],
          startWorkflowOperation: startOperation(registrationId, ownerId),
        }),
      ),

    /** Removes an accepted copy of her agrément before the decision. */
    removeDocument: (registrationId: string, actor: Actor, documentId: string) =>
      whileBusy(() =>
        temporal.workflow
          .getHandle(registrationWorkflowId(registrationId))
          .executeUpdate(removeDocumentUpdate, { args: [actor, documentId] }),
      ).catch((error: unknown) => {
        // An accepted copy means the case started: a registration that has ended was decided.
        if (error instanceof WorkflowNotFoundError)
          throw new Problem(409, 'case_closed', CASE_RULES.case_closed);
        return asProblem(error);
      }),

    /**
     * Her edit after activation, applied at once or sent to the pivot CAF (her lifecycle decides
     * which may). Sent again, a few times, while her lifecycle continues as new: it lands in the next run.
     */
    changeProfile: async (registrationId: string, actor: Actor, change: ProfileChange) => {
      const handle = temporal.workflow.getHandle(childminderWorkflowId(registrationId));
      for (let attempt = 1; ; attempt++) {
        try {
          return await whileBusy(() => handle.executeUpdate(changeProfileUpdate, { args: [actor, change] }));
        } catch (error) {
          const rolling =
            (error instanceof WorkflowUpdateFailedError &&
              error.cause instanceof ApplicationFailure &&
              error.cause.type === ROLLING_OVER) ||
            error instanceof WorkflowNotFoundError;
          if (!rolling || attempt >= 20) return asProblem(error);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },

    resubmit: (registrationId: string, actor: Actor) =>
      sent(() =>
        temporal.workflow
          .getHandle(registrationWorkflowId(registrationId))
          .executeUpdate(resubmitUpdate, { args: [actor] }),
      ),

    decide: (registrationId: string, decision: Decision) =>
      toCase(registrationId, (h) => h.executeUpdate(decideUpdate, { args: [decision] })),

    claim: (registrationId: string, actor: Actor) =>
      toCase(registrationId, (h) => h.executeUpdate(claimUpdate, { args: [actor] })),

    release: (registrationId: string, actor: Actor) =>
      toCase(registrationId, (h) => h.executeUpdate(releaseUpdate, { args: [actor] })),

    assign: (registrationId: string, actor: Actor, assignee: Assignee) =>
      toCase(registrationId, (h) => h.executeUpdate(assignUpdate, { args: [actor, assignee] })),

    reassign: (registrationId: string, actor: Actor, reassignment: Reassignment) =>
      toCase(registrationId, (h) => h.executeUpdate(reassignUpdate, { args: [actor, reassignment] })),
  };
}
export type CaseCommands = ReturnType<typeof caseCommands>;

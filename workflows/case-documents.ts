/**
 * The copies of her agrément in a registration case: each upload verified by an activity, then
 * attached; a copy removed until the decision. Installed by the registration workflow on its state.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { DocumentVerdict } from '../activities/types.ts';
import {
  attachDocumentViolation,
  uploadsPerDayViolation,
  type Actor,
  type CaseSnapshot,
} from '../domain/case-rules.ts';
import { countToday, oneMoreToday, type DailyCount } from '../domain/daily-count.ts';
import type { CaseStatus } from '../domain/case-status.ts';
import { CHANGE_RULES, documentRemovalViolation } from '../domain/profile-changes.ts';
import { documentCheck, WHILE_SHE_WAITS } from './activity-options.ts';
import { commandAudit, type RecordedEvent } from './case-record.ts';
import { patchedUnlessLean } from './lean.ts';
import { refuse } from './moderation.ts';

// Updates, not signals: the upload page waits for the verdict (accepted, or refused with its reason),
// and a removal the rules refuse must leave the case untouched.
export const attachDocumentUpdate = wf.defineUpdate<DocumentVerdict, [Actor, string]>('attachDocument');
export const removeDocumentUpdate = wf.defineUpdate<{ acceptedDocuments: number }, [Actor, string]>(
  'removeDocument',
);

type Activities = ReturnType<typeof createActivities>;

const { removeDocument } = wf.proxyActivities<Activities>(WHILE_SHE_WAITS);

/** Histories from before the document checks had a task queue of their own. */
const DOCUMENT_QUEUE_PATCH = 'document-check-queue';

/** The check of an upload: on its own task queue (a few at a time, each in a sandbox process). */
function verifyDocument(documentId: string, lean?: boolean) {
  const options = patchedUnlessLean(DOCUMENT_QUEUE_PATCH, lean)
    ? documentCheck(wf.workflowInfo().taskQueue)
    : { startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 5 } };
  return wf.proxyActivities<Activities>(options).verifyDocument(documentId);
}

export interface CaseWithDocuments {
  registrationId: string;
  state: { status: CaseStatus; acceptedDocuments: number; uploadsToday?: DailyCount | null };
  snapshot(): CaseSnapshot;
  /** Her command's audit line rides on the event, written in its transaction. */
  record(event: RecordedEvent): Promise<void>;
  /** A lean registration (workflows/lean.ts). */
  lean?: boolean;
}

/** Only an ApplicationFailure fails an Update cleanly; anything else would fail the workflow task. */
function unavailable(message: string) {
  return (error: unknown): never => {
    throw wf.ApplicationFailure.nonRetryable(
      message,
      'document_check_unavailable',
      error instanceof Error ? error.message : String(error),
    );
  };
}

export function installDocumentHandlers(kase: CaseWithDocuments): void {
  const { state } = kase;
  // Two removals racing must not both pass the "last copy" rule.
  let removalsInFlight = 0;
  // Checks under way count against today's limit, so that racing uploads cannot pass it together.
  let checksUnderWay = 0;

  wf.setHandler(
    attachDocumentUpdate,
    async (actor, documentId) => {
      checksUnderWay += 1;
      const verdict = await verifyDocument(documentId, kase.lean)
        .catch(
          unavailable(
            'La vérification du document est momentanément impossible. Réessayez dans quelques minutes.',
          ),
        )
        .finally(() => (checksUnderWay -= 1));
      state.uploadsToday = oneMoreToday(state.uploadsToday, new Date());
      state.acceptedDocuments = verdict.acceptedDocuments;
      const refusal = verdict.status === 'refused' ? { reason: verdict.reason } : {};
      await kase.record({
        type: verdict.status === 'accepted' ? 'document_accepted' : 'document_refused',
        actorId: actor.userId,
        data: { documentId, ...refusal },
        audit: commandAudit(actor, `document.${verdict.status}`, refusal, {
          type: 'document',
          id: documentId,
        }),
      });
      return verdict;
    },
    {
      validator: (actor, _documentId) =>
        refuse(
          attachDocumentViolation(kase.snapshot(), actor) ??
            uploadsPerDayViolation(countToday(state.uploadsToday, new Date()) + checksUnderWay),
        ),
    },
  );

  wf.setHandler(
    removeDocumentUpdate,
    async (actor, documentId) => {
      removalsInFlight += 1;
      try {
        const remaining = await removeDocument({ registrationId: kase.registrationId, documentId }).catch(
          unavailable('Le fichier ne peut pas être retiré pour le moment. Réessayez dans quelques minutes.'),
        );
        state.acceptedDocuments = remaining;
        await kase.record({
          type: 'document_removed',
          actorId: actor.userId,
          data: { documentId },
          audit: commandAudit(actor, 'document.removed', undefined, { type: 'document', id: documentId }),
        });
        return { acceptedDocuments: remaining };
      } finally {
        removalsInFlight -= 1;
      }
    },
    {
      validator: (actor, _documentId) => {
        refuse(attachDocumentViolation(kase.snapshot(), actor));
        const code = documentRemovalViolation(state.status, state.acceptedDocuments - removalsInFlight);
        if (code) throw wf.ApplicationFailure.nonRetryable(CHANGE_RULES[code], code);
      },
    },
  );
}

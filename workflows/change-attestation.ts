/**
 * The new attestation she sends after activation with a change of her agrément data (a renewal, a
 * modification): checked by the same activity as at registration, on the document checks' task
 * queue, inside her change's Update. A refused copy refuses the change: nothing reaches the CAF and
 * her verified values stay as they were; she is told why, with the refusal's own words.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import type { Actor } from '../domain/case-rules.ts';
import { uploadsPerDayViolation } from '../domain/case-rules.ts';
import { countToday, oneMoreToday, type DailyCount } from '../domain/daily-count.ts';
import { DOCUMENT_REFUSALS } from '../domain/documents.ts';
import { ATTESTATION_REFUSED } from '../domain/profile-changes.ts';
import { documentCheck } from './activity-options.ts';
import { commandAudit, type CaseRecorder } from './case-record.ts';
import { refuse } from './moderation.ts';

/** Runs from before a change could carry an attestation: such a change never reached them. */
const CHANGE_ATTESTATION_PATCH = 'change-attestation';

/** The check of an upload, on the document checks' queue beside her lifecycle's. */
function verifyDocument(documentId: string) {
  return wf
    .proxyActivities<ReturnType<typeof createActivities>>(documentCheck(wf.workflowInfo().taskQueue))
    .verifyDocument(documentId);
}

/** Her checks of the day, carried in her lifecycle's state (absent in runs from before attestations). */
export interface AttestationChecks {
  uploadsToday?: DailyCount | null;
}

/** Refuses a change with an attestation beyond the day's limit of checked files (racing ones counted). */
export function refuseBeyondDailyUploads(state: AttestationChecks, underWay: number): void {
  refuse(uploadsPerDayViolation(countToday(state.uploadsToday, new Date()) + underWay));
}

/** Checks the copy joined to her change; refuses the change (ApplicationFailure) when the copy is refused. */
export async function checkAttestation(
  state: AttestationChecks,
  record: CaseRecorder,
  actor: Actor,
  change: { changeId: string; documentId: string },
): Promise<void> {
  // Marks the runs that checked an attestation: the commands below are new to her lifecycle.
  wf.patched(CHANGE_ATTESTATION_PATCH);
  const verdict = await verifyDocument(change.documentId).catch((error: unknown) => {
    throw wf.ApplicationFailure.nonRetryable(
      'La vérification de votre attestation est momentanément impossible. Réessayez dans quelques minutes : les données saisies sont conservées.',
      'document_check_unavailable',
      error instanceof Error ? error.message : String(error),
    );
  });
  state.uploadsToday = oneMoreToday(state.uploadsToday, new Date());
  const refused = verdict.status === 'refused';
  const refusal = refused ? { reason: verdict.reason } : {};
  await record({
    type: refused ? 'document_refused' : 'document_accepted',
    actorId: actor.userId,
    data: { ...change, ...refusal },
    audit: commandAudit(actor, `document.${verdict.status}`, refusal, {
      type: 'document',
      id: change.documentId,
    }),
  });
  if (verdict.status === 'refused')
    throw wf.ApplicationFailure.nonRetryable(
      DOCUMENT_REFUSALS[verdict.reason],
      ATTESTATION_REFUSED,
      verdict.reason,
    );
}

/**
 * Her account closed at her request (RGPD art. 17). What the law keeps stays: a submitted case's
 * record (identity, agrément, accepted copies, timeline) for its legal period (domain/retention.ts),
 * and the audit log. The rest goes at once, in one transaction: her sessions, her place in the
 * parents' search, her contact details, the parents' data of requests made to her, her relay's
 * consent, and — for a draft — everything she typed and the stored objects of her copies. The
 * objects are removed inside the transaction: if S3 fails, nothing is changed and she may try again.
 */
import type { Actor } from '../../domain/case-rules.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import { closureExplanation, closureKeeps, type RetentionPolicy } from '../../domain/retention.ts';
import { retentionPurge, retentionPurgeWorkflowId } from '../../workflows/retention-purge.ts';
import { caseClosedSignal } from '../../workflows/case-closure.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { closeChangesWithCase } from '../cases/closed-changes.ts';
import type { ApiDeps } from '../context.ts';
import { eraseContactRequests, removeStoredObjects } from './erasure.ts';
import { audit } from '../audit.ts';
import type { View } from '../views/common.ts';
import type { accountClosedView } from '../views/personal-data.ts';

/**
 * The kept record's purge, the legal period from now (workflows/retention-purge.ts). Started inside
 * the closure's transaction: if Temporal is down, nothing is closed and she may try again; if the
 * commit fails after it, the purge finds her account open and purges nothing. A purge already
 * waiting (her withdrawal's, sooner) is kept.
 */
async function startKeptRecordPurge(deps: ApiDeps, registrationId: string, policy: RetentionPolicy) {
  await deps.temporal.workflow.start(retentionPurge, {
    workflowId: retentionPurgeWorkflowId('ceased_record', registrationId),
    taskQueue: deps.taskQueue,
    args: [{ kind: 'ceased_record', registrationId, afterMs: policy.ceasedKeptMs }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/**
 * Tells her lifecycle, once the closure is committed, that her case is closed: it writes the closure
 * on her timeline and sets no declaration nor expiry timer any more. A case without one (in
 * moderation, rejected) has nothing to tell; Temporal unreachable, her lifecycle is not told (README).
 */
async function tellLifecycle(deps: ApiDeps, registrationId: string) {
  const workflowId = childminderWorkflowId(registrationId);
  const kase = await deps.db('cases').where({ registration_id: registrationId }).first('workflow_id');
  if (kase?.workflow_id !== workflowId) return;
  const closure = { reason: 'account_closed' as const, from: new Date().toISOString() };
  await deps.temporal.workflow
    .getHandle(workflowId)
    .signal(caseClosedSignal, closure)
    .catch(() => undefined);
}

export async function closeAccount(
  deps: ApiDeps,
  actor: Actor,
  policy: RetentionPolicy,
): Promise<View<typeof accountClosedView>> {
  let closedCase: string | null = null;
  const closed = await closeAccountNow(
    deps,
    actor,
    policy,
    (registrationId) => (closedCase = registrationId),
  );
  if (closedCase) await tellLifecycle(deps, closedCase);
  return closed;
}

async function closeAccountNow(
  deps: ApiDeps,
  actor: Actor,
  policy: RetentionPolicy,
  onCaseClosed: (registrationId: string) => void,
): Promise<View<typeof accountClosedView>> {
  const { db, storage } = deps;
  return db.transaction(async (trx) => {
    const userId = actor.userId;
    const registration = await trx('registrations').where({ user_id: userId }).forUpdate().first('id');
    const kase = registration
      ? await trx('cases').where({ registration_id: registration.id }).first('status')
      : undefined;
    const keeps = closureKeeps(registration ? ((kase?.status as CaseStatus | undefined) ?? 'draft') : null);
    let removedDocuments = 0;
    if (registration) {
      const where = { registration_id: registration.id };
      await trx('search_profiles').where(where).delete();
      await trx('public_profiles').where(where).delete();
      await trx('relay_consents')
        .where(where)
        .whereNull('withdrawn_at')
        .update({ withdrawn_at: trx.fn.now() });
      await eraseContactRequests(trx, where);
      // A draft is hers alone: all of it goes. A submitted case keeps its record, not her contact.
      const draft = keeps === 'nothing';
      await trx('registrations')
        .where({ id: registration.id })
        .update(
          draft
            ? {
                identity: null,
                nir_index: null,
                agrement: null,
                contact: null,
                availability: null,
                closed_at: trx.fn.now(),
              }
            : { contact: null, closed_at: trx.fn.now() },
        );
      // Her case closes for good, as a withdrawal closes it (workflows/case-closure.ts); a case closed
      // already (withdrawn) keeps its first reason, a rejected one stays rejected (its purge follows).
      const closing = await trx('cases')
        .where(where)
        .whereNotIn('status', ['closed', 'rejected'])
        .update({ status: 'closed', closure_reason: 'account_closed', status_since: trx.fn.now() });
      // A change of hers waiting for the CAF leaves the queue with it, audited here.
      if (closing > 0) {
        await closeChangesWithCase(trx, registration.id, 'account_closed', actor);
        onCaseClosed(registration.id);
      }
      const discarded = await trx('documents')
        .where(where)
        .modify((q) => (draft ? q : q.whereNot({ status: 'accepted' })))
        .select<{ id: string; object_key: string }[]>('id', 'object_key');
      await removeStoredObjects(storage, registration.id, discarded);
      removedDocuments = discarded.length;
      if (discarded.length)
        await trx('documents')
          .whereIn(
            'id',
            discarded.map((d) => d.id),
          )
          .update({ status: 'removed', file_name: 'supprimé' });
    }
    if (registration && keeps === 'case_for_legal_period')
      await startKeptRecordPurge(deps, registration.id, policy);
    await trx('sessions').where({ user_id: userId }).delete();
    await trx('account_links').where({ user_id: userId }).delete();
    // The row stays (the audit log and a kept case point to it), without anything that names her.
    await trx('users')
      .where({ id: userId })
      .update({
        email: `compte-ferme-${userId}@invalid`,
        email_normalized: `compte-ferme-${userId}@invalid`,
        display_name: 'Compte fermé',
        password_hash: null,
        closed_at: trx.fn.now(),
        deactivated_at: trx.fn.now(),
      });
    await audit(
      trx,
      actor,
      'account.closed',
      { type: 'user', id: userId },
      { keeps, removedDocuments, registrationId: registration?.id ?? null },
    );
    return { closed: true as const, keeps, explanation: closureExplanation(keeps, policy), removedDocuments };
  });
}

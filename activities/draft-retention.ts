/**
 * An abandoned draft's warning and deletion (workflows/draft-retention.ts). The database decides:
 * each step locks her registration and looks at her last activity there, so a save whose signal was
 * lost still pushes the deadline back. Idempotent: the warning is queued once per deadline (the
 * outbox's dedupe key), and a deletion retried after a crash finds nothing left and ends.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { frenchDate } from '../domain/french-dates.ts';
import { draftDeletionAt, type RetentionPolicy } from '../domain/retention.ts';
import { audit } from '../api/audit.ts';
import type { Db } from '../infra/db.ts';
import { enqueueMail, stableMessageId } from '../infra/outbox.ts';
import type { Storage } from '../infra/s3.ts';
import { removeStoredObjects } from '../api/personal-data/erasure.ts';
import { registrationWorkflowId } from '../workflows/registration.ts';

/** Where a draft stands at a deadline: still due, saved since (then when), or no draft any more. */
export type DraftStep = { kind: 'due' } | { kind: 'touched'; lastActivityAt: string } | { kind: 'ended' };

/**
 * Every table that points to a registration, in the order a draft's rows leave (a child before what
 * it points to). `tests/workflows/retention-drafts.test.ts` checks it against the database's foreign keys.
 */
export const REGISTRATION_TABLES = [
  'notifications',
  'staff_notifications',
  'case_events',
  'case_notes',
  'profile_changes',
  'case_messages',
  'identity_checks',
  'documents',
  'declaration_deadlines',
  'declaration_status',
  'bulk_reassignment_items',
  'relay_consent_requests',
  'relay_consents',
  'contact_requests',
  'search_profiles',
  'public_profiles',
  'agrement_standing',
  'commission_referrals',
  'cases',
] as const;

export function draftRetentionActivities(deps: {
  db: Db;
  storage: Storage;
  temporal: Client;
  publicUrl: string;
}) {
  const { db, storage } = deps;

  /** Her draft, locked, and where it stands against the last activity the workflow knows. */
  async function standing(trx: Knex.Transaction, registrationId: string, since: string) {
    const row = await trx('registrations as r')
      .join('users as u', 'u.id', 'r.user_id')
      .where('r.id', registrationId)
      .forUpdate('r')
      .first<{ submitted_at: Date | null; closed_at: Date | null; email: string; last: Date } | undefined>(
        'r.submitted_at',
        'u.closed_at',
        'u.email',
        trx.raw(
          'greatest(r.created_at, r.updated_at, (select max(greatest(d.created_at, d.verified_at)) from documents d where d.registration_id = r.id)) as last',
        ),
      );
    if (!row || row.submitted_at || row.closed_at) return { step: { kind: 'ended' } as DraftStep, row };
    const step: DraftStep =
      row.last.getTime() > Date.parse(since)
        ? { kind: 'touched', lastActivityAt: row.last.toISOString() }
        : { kind: 'due' };
    return { step, row };
  }

  return {
    /** Queues the warning email for this deadline (once), unless she saved since or has no draft. */
    async warnAbandonedDraft(
      registrationId: string,
      lastActivityAt: string,
      policy: RetentionPolicy,
    ): Promise<DraftStep> {
      return db.transaction(async (trx) => {
        const { step, row } = await standing(trx, registrationId, lastActivityAt);
        if (step.kind !== 'due' || !row) return step;
        const deletionAt = draftDeletionAt(lastActivityAt, policy);
        const key = `draft_warning:${registrationId}:${lastActivityAt}`;
        const queued = await enqueueMail(trx, {
          dedupeKey: key,
          messageId: stableMessageId(key),
          to: row.email,
          subject: 'Votre brouillon de demande d’inscription va être supprimé',
          text:
            'Bonjour,\n\nVous avez commencé une demande d’inscription au registre des assistantes maternelles ' +
            `sans la déposer. Votre brouillon sera supprimé le ${frenchDate(deletionAt)}, avec les ` +
            `copies de documents envoyées ; connectez-vous pour le garder : ${deps.publicUrl}/mon-dossier` +
            '\n\nLe registre des assistantes maternelles\n(courriel automatique, merci de ne pas y répondre)',
          kind: 'draft_warning',
          registrationId,
        });
        if (queued)
          await audit(
            trx,
            null,
            'retention.draft_warned',
            { type: 'registration', id: registrationId },
            { deletionAt: deletionAt.toISOString() },
          );
        return step;
      });
    },

    /**
     * Deletes the draft untouched since `lastActivityAt`: its stored copies (quarantine included),
     * every row about it, and the registration workflow a copy may have started. Audited; the audit
     * log keeps its lines (ids and codes, no value she typed).
     */
    async deleteAbandonedDraft(registrationId: string, lastActivityAt: string): Promise<DraftStep> {
      return db.transaction(async (trx) => {
        const { step } = await standing(trx, registrationId, lastActivityAt);
        if (step.kind !== 'due') return step;
        // Her save waits on the lock until this commits; then it finds no draft (404).
        try {
          await deps.temporal.workflow
            .getHandle(registrationWorkflowId(registrationId))
            .terminate('brouillon abandonné supprimé');
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        const documents: { id: string; object_key: string }[] = await trx('documents')
          .where({ registration_id: registrationId })
          .select('id', 'object_key');
        await removeStoredObjects(storage, registrationId, documents);
        const where = { registration_id: registrationId };
        // An email already sent keeps nothing of her; one not sent yet (the warning) still goes.
        await trx('outbox').where(where).whereNotNull('sent_at').delete();
        await trx('outbox').where(where).update({ registration_id: null });
        await trx('agrement_notifications').where(where).update({ registration_id: null });
        for (const table of REGISTRATION_TABLES) await trx(table).where(where).delete();
        await trx('registrations').where({ id: registrationId }).delete();
        await audit(
          trx,
          null,
          'retention.draft_deleted',
          { type: 'registration', id: registrationId },
          { documents: documents.length },
        );
        return step;
      });
    },
  };
}

/**
 * The purges of the retention policy (domain/retention.ts), run by workflows/retention-purge.ts.
 * Each is idempotent: a retry after a crash removes what is left and audits once more at most.
 * Stored objects go before the rows that point to them, so that none is ever left unreferenced.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { audit } from '../api/audit.ts';
import { expiredAgrementPurgeStands } from '../domain/retention.ts';
import type { Db } from '../infra/db.ts';
import type { Storage } from '../infra/s3.ts';
import { eraseContactRequests, removeStoredObjects } from '../api/personal-data/erasure.ts';
import { childminderWorkflowId } from '../workflows/childminder.ts';
import { registrationWorkflowId } from '../workflows/registration.ts';

export function retentionActivities(deps: { db: Db; storage: Storage; temporal: Client }) {
  const { db, storage } = deps;

  /** Removes every stored copy of a case (accepted and quarantine objects); returns how many copies. */
  async function removeStoredCopies(trx: Knex.Transaction, registrationId: string): Promise<number> {
    const documents: { id: string; object_key: string }[] = await trx('documents')
      .where({ registration_id: registrationId })
      .select('id', 'object_key');
    await removeStoredObjects(storage, registrationId, documents);
    await trx('documents')
      .where({ registration_id: registrationId })
      .update({ status: 'removed', file_name: 'supprimé' });
    return documents.length;
  }

  /** Ends a workflow of hers that may still run (her lifecycle): nothing is left for it to act on. */
  async function endWorkflow(workflowId: string): Promise<void> {
    try {
      await deps.temporal.workflow.getHandle(workflowId).terminate('données purgées (durée de conservation)');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  /**
   * Her record goes: her workflows still running are ended; her identity, contact, agrément,
   * availability, stored copies, published copy, SNGI answers, proposed changes, the CAF's message
   * texts and her parents' requests go; the case's row and timeline (the fact and date of each
   * decision, reason codes) and the audit log stay. Audited `action`, with the number of copies.
   */
  async function eraseRecord(registrationId: string, action: string): Promise<void> {
    await endWorkflow(childminderWorkflowId(registrationId));
    await endWorkflow(registrationWorkflowId(registrationId));
    await db.transaction(async (trx) => {
      const where = { registration_id: registrationId };
      const documents = await removeStoredCopies(trx, registrationId);
      await trx('registrations').where({ id: registrationId }).update({
        identity: null,
        nir_index: null,
        agrement: null,
        contact: null,
        availability: null,
      });
      await trx('identity_checks').where(where).update({ fields: '{}' });
      await trx('public_profiles').where(where).delete();
      await trx('search_profiles').where(where).delete();
      await trx('profile_changes').where(where).update({ value: '{}' });
      await trx('case_messages').where(where).update({ body: '', fields: [] });
      await eraseContactRequests(trx, where);
      await audit(trx, null, action, { type: 'registration', id: registrationId }, { documents });
    });
  }

  return {
    /**
     * The appeal period of a rejected case is over: its copies (objects and file names) and her
     * identity go; the decision, its reason code, the timeline and the audit log stay.
     */
    async purgeRejectedCase(registrationId: string): Promise<void> {
      const kase = await db('cases').where({ registration_id: registrationId }).first('status');
      // Only a case still rejected: nothing else is ever purged by this timer.
      if (kase?.status !== 'rejected')
        throw ApplicationFailure.nonRetryable(`Dossier ${registrationId} non refusé`, 'not_rejected');
      await db.transaction(async (trx) => {
        const documents = await removeStoredCopies(trx, registrationId);
        await trx('registrations').where({ id: registrationId }).update({ identity: null, nir_index: null });
        await trx('identity_checks').where({ registration_id: registrationId }).update({ fields: '{}' });
        await audit(
          trx,
          null,
          'retention.rejected_case_purged',
          { type: 'registration', id: registrationId },
          { documents },
        );
      });
    },

    /**
     * The legal period after her withdrawal or her account's closure is over: her record goes
     * (`eraseRecord`). Only a closed account or a withdrawn agrément: nothing else is ever purged by
     * this timer.
     */
    async purgeCeasedRecord(registrationId: string): Promise<void> {
      const ceased = await db('registrations as r')
        .leftJoin('agrement_standing as s', 's.registration_id', 'r.id')
        .where('r.id', registrationId)
        .andWhere((q) => q.whereNotNull('r.closed_at').orWhere('s.withdrawn_from', '<=', db.fn.now()))
        .first('r.id');
      if (!ceased)
        throw ApplicationFailure.nonRetryable(`Dossier ${registrationId} toujours actif`, 'not_ceased');
      await eraseRecord(registrationId, 'retention.ceased_record_purged');
    },

    /**
     * The legal period after her agrément's expiry is over: her record goes if that agrément is
     * still hers, unrenewed; a renewal that came before leaves everything (audited, no date in it).
     */
    async purgeExpiredAgrement(input: { registrationId: string; expiryDate: string }): Promise<void> {
      const { registrationId, expiryDate } = input;
      const row = await db('registrations').where({ id: registrationId }).first('agrement');
      if (!row || row.agrement === null) return; // already purged (a withdrawal's or a closure's purge)
      const now: unknown = row.agrement.expiryDate;
      if (!expiredAgrementPurgeStands(expiryDate, typeof now === 'string' ? now : null, new Date())) {
        await audit(db, null, 'retention.expired_agrement_purge_cancelled', {
          type: 'registration',
          id: registrationId,
        });
        return;
      }
      await eraseRecord(registrationId, 'retention.expired_agrement_purged');
    },
  };
}

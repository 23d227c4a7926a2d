/**
 * The purges of the retention policy (domain/retention.ts), run by workflows/retention-purge.ts.
 * Each is idempotent: a retry after a crash removes what is left and audits once more at most.
 * Stored objects go before the rows that point to them, so that none is ever left unreferenced.
 */
import { ApplicationFailure } from '@temporalio/common';
import { audit } from '../api/audit.ts';
import type { Db } from '../infra/db.ts';
import { quarantineKey, type Storage } from '../infra/s3.ts';

export function retentionActivities(db: Db, storage: Storage) {
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
      const documents: { id: string; object_key: string }[] = await db('documents')
        .where({ registration_id: registrationId })
        .select('id', 'object_key');
      for (const document of documents) {
        await storage.client.removeObject(storage.bucket, document.object_key);
        await storage.client.removeObject(storage.bucket, quarantineKey(registrationId, document.id));
      }
      await db.transaction(async (trx) => {
        await trx('documents')
          .where({ registration_id: registrationId })
          .update({ status: 'removed', file_name: 'supprimé' });
        await trx('registrations').where({ id: registrationId }).update({ identity: null, nir_index: null });
        await trx('identity_checks').where({ registration_id: registrationId }).update({ fields: '{}' });
        await audit(
          trx,
          null,
          'retention.rejected_case_purged',
          { type: 'registration', id: registrationId },
          { documents: documents.length },
        );
      });
    },
  };
}

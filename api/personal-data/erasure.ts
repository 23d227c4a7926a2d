/**
 * The erasures that several paths share (her account's closure, the retention purges, a contact
 * request's own retention): written once, so that each removes the same things.
 */
import type { Knex } from 'knex';
import { quarantineKey, type Storage } from '../../infra/s3.ts';

/** Deletes the stored objects of these copies, accepted and in quarantine (a missing key succeeds). */
export async function removeStoredObjects(
  storage: Storage,
  registrationId: string,
  documents: { id: string; object_key: string }[],
): Promise<void> {
  for (const document of documents) {
    await storage.client.removeObject(storage.bucket, document.object_key);
    await storage.client.removeObject(storage.bucket, quarantineKey(registrationId, document.id));
  }
}

/**
 * Erases the parents' data of contact requests (names, email, phone, messages, links, answers);
 * codes and dates stay for the figures. `which` picks them: one request, or all those made to her.
 */
export async function eraseContactRequests(
  trx: Knex.Transaction,
  which: { id: string } | { registration_id: string },
): Promise<void> {
  const requests = trx('contact_requests').where(which).select('id');
  await trx('contact_request_links').whereIn('request_id', requests).delete();
  await trx('contact_answers').whereIn('request_id', requests).delete();
  await trx('contact_requests').where(which).whereNull('purged_at').update({
    parent_name: null,
    parent_email: null,
    parent_phone: null,
    message: null,
    answer_contact: null,
    answer_message: null,
    purged_at: trx.fn.now(),
  });
}

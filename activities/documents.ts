/**
 * Verification of an uploaded copy of the agrément. The browser put it in quarantine through a
 * presigned POST; nothing is trusted from it (not the name, not the type, not even the size, which
 * some S3 stores do not enforce). The bytes are checked in a sandbox process (document-check/);
 * accepted files move out of quarantine rewritten without their metadata.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MAX_DOCUMENT_BYTES } from '../domain/documents.ts';
import type { Db } from '../infra/db.ts';
import { documentKey, type Storage } from '../infra/s3.ts';
import type { Inspection } from './document-check/inspection.ts';
import type { DocumentSandbox } from './document-check/sandbox.ts';
import { whileHeartbeating } from './heartbeat.ts';
import type { DocumentVerdict } from './types.ts';

async function readObject(storage: Storage, key: string): Promise<Uint8Array | null> {
  try {
    const stat = await storage.client.statObject(storage.bucket, key);
    // Do not even download what is over the limit.
    if (stat.size > MAX_DOCUMENT_BYTES) return new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    const stream = await storage.client.getObject(storage.bucket, key);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      // A store that lied about the size: stop reading there.
      if (size > MAX_DOCUMENT_BYTES) return new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    }
    return new Uint8Array(Buffer.concat(chunks));
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFound' || (error as { code?: string }).code === 'NoSuchKey')
      return null;
    throw error;
  }
}

/** A document the case does not know: a programming error, never worth retrying. */
const unknownDocument = (documentId: string) =>
  ApplicationFailure.nonRetryable(`Document ${documentId} inconnu pour ce dossier`, 'unknown_document');

export function documentActivities(db: Db, storage: Storage, sandbox: DocumentSandbox) {
  async function acceptedCount(registrationId: string): Promise<number> {
    const [row] = await db('documents')
      .where({ registration_id: registrationId, status: 'accepted' })
      .count<{ count: string }[]>();
    return Number(row?.count ?? 0);
  }

  return {
    /** Removes an accepted copy from her case (and its file); returns how many accepted remain. Idempotent. */
    async removeDocument(removal: { registrationId: string; documentId: string }): Promise<number> {
      const document = await db('documents')
        .where({ id: removal.documentId, registration_id: removal.registrationId })
        .first();
      if (!document) throw unknownDocument(removal.documentId);
      if (document.status !== 'removed') {
        await storage.client.removeObject(storage.bucket, document.object_key);
        await db('documents').where({ id: document.id }).update({ status: 'removed' });
      }
      return acceptedCount(removal.registrationId);
    },

    /**
     * Verifies one uploaded document and says whether it is accepted. Idempotent: a retry finds the
     * verdict already recorded. Heartbeats while the sandbox works, so that a dead worker is noticed
     * within seconds rather than at the end of the check's time limit.
     */
    async verifyDocument(documentId: string): Promise<DocumentVerdict> {
      return whileHeartbeating(async () => {
        const document = await db('documents').where({ id: documentId }).first();
        if (!document) throw unknownDocument(documentId);
        const registrationId: string = document.registration_id;
        if (document.status === 'accepted')
          return { status: 'accepted', acceptedDocuments: await acceptedCount(registrationId) };
        if (document.status === 'refused') {
          return {
            status: 'refused',
            reason: document.refusal_code,
            acceptedDocuments: await acceptedCount(registrationId),
          };
        }

        const bytes = await readObject(storage, document.object_key);
        const inspection: Inspection = bytes ? await sandbox.check(bytes) : { ok: false, reason: 'missing' };
        if (!inspection.ok) {
          if (bytes) await storage.client.removeObject(storage.bucket, document.object_key);
          await db('documents')
            .where({ id: documentId })
            .update({ status: 'refused', refusal_code: inspection.reason, verified_at: db.fn.now() });
          return {
            status: 'refused',
            reason: inspection.reason,
            acceptedDocuments: await acceptedCount(registrationId),
          };
        }

        const finalKey = documentKey(registrationId, documentId);
        await storage.client.putObject(
          storage.bucket,
          finalKey,
          Buffer.from(inspection.bytes),
          inspection.bytes.length,
          { 'Content-Type': inspection.type },
        );
        await db('documents').where({ id: documentId }).update({
          status: 'accepted',
          object_key: finalKey,
          content_type: inspection.type,
          size: inspection.bytes.length,
          verified_at: db.fn.now(),
        });
        await storage.client.removeObject(storage.bucket, document.object_key);
        return { status: 'accepted', acceptedDocuments: await acceptedCount(registrationId) };
      });
    },
  };
}

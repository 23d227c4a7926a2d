/**
 * Verification of an uploaded copy of the agrément. The browser put it in quarantine through a
 * presigned POST; nothing is trusted from it (not the name, not the type, not even the size, which
 * some S3 stores do not enforce). Accepted files move out of quarantine; images are re-encoded
 * without their metadata (location, device).
 */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { Db } from '../infra/db.ts';
import { MAX_DOCUMENT_BYTES, type DocumentRefusal, type DocumentType } from '../domain/documents.ts';
import { documentKey, type Storage } from '../infra/s3.ts';
import type { DocumentVerdict } from './types.ts';

/** The real type, from the first bytes (magic numbers). */
export function detectType(bytes: Uint8Array): DocumentType | null {
  const starts = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

type Inspection =
  { ok: true; bytes: Uint8Array; type: DocumentType } | { ok: false; reason: DocumentRefusal };

/** Checks the bytes; returns what to store (images re-encoded) or why the file is refused. */
export async function inspectDocument(bytes: Uint8Array): Promise<Inspection> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'too_large' };
  const type = detectType(bytes);
  if (!type) return { ok: false, reason: 'wrong_type' };
  if (type === 'application/pdf') {
    try {
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
      if (pdf.getPageCount() === 0) return { ok: false, reason: 'empty' };
    } catch (error) {
      const encrypted = error instanceof Error && /encrypt/i.test(error.message);
      return { ok: false, reason: encrypted ? 'encrypted' : 'corrupt' };
    }
    return { ok: true, bytes, type };
  }
  try {
    const image = sharp(bytes, { failOn: 'error' }).rotate();
    const reencoded =
      type === 'image/png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer();
    return { ok: true, bytes: reencoded, type };
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
}

async function readObject(storage: Storage, key: string): Promise<Uint8Array | null> {
  try {
    const stat = await storage.client.statObject(storage.bucket, key);
    // Do not even download what is over the limit.
    if (stat.size > MAX_DOCUMENT_BYTES) return new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    const stream = await storage.client.getObject(storage.bucket, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return new Uint8Array(Buffer.concat(chunks));
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFound' || (error as { code?: string }).code === 'NoSuchKey')
      return null;
    throw error;
  }
}

export function documentActivities(db: Db, storage: Storage) {
  async function acceptedCount(registrationId: string): Promise<number> {
    const [row] = await db('documents')
      .where({ registration_id: registrationId, status: 'accepted' })
      .count<{ count: string }[]>();
    return Number(row?.count ?? 0);
  }

  return {
    /** Verifies one uploaded document and says whether it is accepted. Idempotent. */
    async verifyDocument(documentId: string): Promise<DocumentVerdict> {
      const document = await db('documents').where({ id: documentId }).first();
      if (!document) throw new Error(`Document ${documentId} inconnu`);
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
      const inspection: Inspection = bytes ? await inspectDocument(bytes) : { ok: false, reason: 'missing' };
      if (!inspection.ok) {
        await db('documents')
          .where({ id: documentId })
          .update({ status: 'refused', refusal_code: inspection.reason, verified_at: db.fn.now() });
        if (bytes) await storage.client.removeObject(storage.bucket, document.object_key);
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
        {
          'Content-Type': inspection.type,
        },
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
    },
  };
}

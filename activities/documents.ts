/**
 * Verification of an uploaded copy of the agrément. The browser put it in quarantine through a
 * presigned POST; nothing is trusted from it (not the name, not the type, not even the size, which
 * some S3 stores do not enforce). Accepted files move out of quarantine; images are re-encoded
 * without their metadata (location, device).
 */
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
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

const latin1 = new TextDecoder('latin1');

/**
 * A PDF ends with `startxref <offset> %%EOF`, the offset pointing at its cross-reference table or
 * stream. pdf-lib forgives a missing end (it scans objects from the start), so a truncated file
 * would pass: checking the end first catches it.
 */
function pdfEndIsIntact(bytes: Uint8Array): boolean {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!end) return false;
  const offset = Number(end[1]);
  if (offset <= 0 || offset >= bytes.length) return false;
  return /^(xref\b|\d+\s+\d+\s+obj\b)/.test(latin1.decode(bytes.subarray(offset, offset + 32)));
}

/** Every Flate-compressed stream must inflate: a damaged page content fails here. */
function pdfStreamsInflate(pdf: PDFDocument): boolean {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.get(PDFName.of('Filter')) !== PDFName.of('FlateDecode')) continue;
    try {
      inflateSync(object.contents);
    } catch {
      return false;
    }
  }
  return true;
}

async function inspectPdf(bytes: Uint8Array): Promise<Inspection> {
  if (!pdfEndIsIntact(bytes)) return { ok: false, reason: 'corrupt' };
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, {
      updateMetadata: false,
      throwOnInvalidObject: true,
      ignoreEncryption: true,
    });
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  // Its content cannot be checked (nor read by the moderator) without the password.
  if (pdf.isEncrypted) return { ok: false, reason: 'encrypted' };
  if (!pdfStreamsInflate(pdf)) return { ok: false, reason: 'corrupt' };
  try {
    if (pdf.getPageCount() === 0) return { ok: false, reason: 'empty' };
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  return { ok: true, bytes, type: 'application/pdf' };
}

/** Checks the bytes; returns what to store (images re-encoded) or why the file is refused. */
export async function inspectDocument(bytes: Uint8Array): Promise<Inspection> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'too_large' };
  const type = detectType(bytes);
  if (!type) return { ok: false, reason: 'wrong_type' };
  if (type === 'application/pdf') return inspectPdf(bytes);
  try {
    // Decoding every pixel (failOn: 'error') refuses truncated and damaged images; the output carries
    // no metadata (EXIF: place, device, date), sharp's default, after applying the EXIF orientation.
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
    /** Removes an accepted copy from her case (and its file); returns how many accepted remain. Idempotent. */
    async removeDocument(removal: { registrationId: string; documentId: string }): Promise<number> {
      const document = await db('documents')
        .where({ id: removal.documentId, registration_id: removal.registrationId })
        .first();
      if (!document) throw new Error(`Document ${removal.documentId} inconnu pour ce dossier`);
      if (document.status !== 'removed') {
        await storage.client.removeObject(storage.bucket, document.object_key);
        await db('documents').where({ id: document.id }).update({ status: 'removed' });
      }
      return acceptedCount(removal.registrationId);
    },

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

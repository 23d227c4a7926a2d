/**
 * What a document check answers, and the check itself: the real type from the first bytes, then the
 * format's own checks. It runs inside the sandbox (sandbox-child.ts), never on the worker's thread.
 */
import { MAX_DOCUMENT_BYTES, type DocumentRefusal, type DocumentType } from '../../domain/documents.ts';
import { inspectImage } from './image-check.ts';
import { inspectPdf } from './pdf-check.ts';

export type Inspection =
  { ok: true; bytes: Uint8Array; type: DocumentType } | { ok: false; reason: DocumentRefusal };

/** The real type, from the first bytes (magic numbers). */
export function detectType(bytes: Uint8Array): DocumentType | null {
  const starts = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** Checks the bytes; returns what to store (rewritten without metadata) or why the file is refused. */
export async function inspectDocument(bytes: Uint8Array): Promise<Inspection> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'too_large' };
  const type = detectType(bytes);
  if (!type) return { ok: false, reason: 'wrong_type' };
  return type === 'application/pdf' ? inspectPdf(bytes) : inspectImage(bytes, type);
}

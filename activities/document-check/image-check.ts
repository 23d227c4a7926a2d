/**
 * Images: every pixel decoded (a truncated or damaged file is refused), within the pixels of an A4
 * page at 600 dpi, then re-encoded without metadata (EXIF: place, device, date).
 */
import sharp from 'sharp';
import { DOCUMENT_BUDGET, type DocumentType } from '../../domain/documents.ts';
import type { Inspection } from './inspection.ts';

// One check at a time per sandbox, on one thread, keeping nothing between checks.
sharp.concurrency(1);
sharp.cache(false);

export async function inspectImage(
  bytes: Uint8Array,
  type: Exclude<DocumentType, 'application/pdf'>,
): Promise<Inspection> {
  try {
    // limitInputPixels is read from the header, before any pixel is decoded; failOn 'error' refuses
    // truncated and damaged images; the output carries no metadata, after applying the EXIF orientation.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: DOCUMENT_BUDGET.imagePixels }).rotate();
    const reencoded =
      type === 'image/png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer();
    return { ok: true, bytes: reencoded, type };
  } catch (error) {
    const tooLarge = /pixel limit/i.test(error instanceof Error ? error.message : '');
    return { ok: false, reason: tooLarge ? 'image_too_large' : 'corrupt' };
  }
}

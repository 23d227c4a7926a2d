/**
 * PDFs: an intact end, a structure the PDF library can read, no password, 1 to 50 pages, and every
 * compressed stream inflating within the file's budget. Accepted files are rewritten without their
 * metadata (Info dictionary, XMP streams): author, software, dates.
 */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { DOCUMENT_BUDGET, type DocumentRefusal } from '../../domain/documents.ts';
import { decodedSize, inflatedSize } from './inflate.ts';
import type { Inspection } from './inspection.ts';

const latin1 = new TextDecoder('latin1');
const refused = (reason: DocumentRefusal): Inspection => ({ ok: false, reason });

/**
 * A PDF ends with `startxref <offset> %%EOF`, the offset pointing at its cross-reference table or
 * stream. pdf-lib forgives a missing end (it scans objects from the start), so a truncated file
 * would pass: checking the end first catches it.
 */
function endIsIntact(text: string): boolean {
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-2048));
  if (!end) return false;
  const offset = Number(end[1]);
  if (offset <= 0 || offset >= text.length) return false;
  return /^(xref\b|\d+\s+\d+\s+obj\b)/.test(text.slice(offset, offset + 32));
}

/** Counts matches of a global pattern, stopping once past `cap`. */
function countUpTo(text: string, pattern: RegExp, cap: number): number {
  let count = 0;
  while (pattern.exec(text) && count <= cap) count++;
  return count;
}

/**
 * Before the PDF library reads the file, from its raw bytes: the number of objects, and the object
 * and cross-reference streams, which the library inflates whole while loading (with no limit).
 */
async function rawStructureRefusal(
  text: string,
  bytes: Uint8Array,
  budget: { bytes: number },
): Promise<DocumentRefusal | null> {
  const cap = DOCUMENT_BUDGET.pdfObjects;
  let objects = countUpTo(text, /\d+\s+\d+\s+obj\b/g, cap);
  for (const found of text.matchAll(/\/Type\s*\/(ObjStm|XRef)\b/g)) {
    const keyword = text.indexOf('stream', found.index);
    if (keyword < 0) return 'corrupt';
    const dictionary = text.slice(text.lastIndexOf('obj', found.index), keyword);
    const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dictionary);
    const filters = filter ? [...filter[1]!.matchAll(/\/(\w+)/g)].map((name) => name[1]) : [];
    if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode')) return 'too_complex';
    let start = keyword + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) return 'corrupt';
    if (filters.length === 1) {
      const limit = Math.min(budget.bytes, DOCUMENT_BUDGET.pdfObjectStreamBytes);
      const inflated = await inflatedSize(bytes.subarray(start, end), limit);
      if (!inflated.ok) return inflated.reason === 'over_budget' ? 'too_complex' : 'corrupt';
      budget.bytes -= inflated.bytes;
    }
    objects += 1 + Number(/\/N\s+(\d+)/.exec(dictionary)?.[1] ?? 0);
    if (objects > cap) return 'too_complex';
  }
  return objects > cap ? 'too_complex' : null;
}

/** Every stream the PDF library can decode must decode, all of them within the file's budget. */
async function streamsRefusal(pdf: PDFDocument, budget: { bytes: number }): Promise<DocumentRefusal | null> {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const decoded = await decodedSize(object, budget.bytes);
    if (!decoded.ok) return decoded.reason === 'over_budget' ? 'too_complex' : 'corrupt';
    budget.bytes -= decoded.bytes;
  }
  return null;
}

/** Drops the Info dictionary and every XMP metadata stream, and the references to them. */
function removeMetadata(pdf: PDFDocument): void {
  const { context } = pdf;
  if (context.trailerInfo.Info instanceof PDFRef) context.delete(context.trailerInfo.Info);
  context.trailerInfo.Info = undefined;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : null;
    if (!dict) continue;
    if (dict.get(PDFName.of('Type')) === PDFName.of('Metadata')) context.delete(ref);
    else dict.delete(PDFName.of('Metadata'));
  }
}

export async function inspectPdf(bytes: Uint8Array): Promise<Inspection> {
  const text = latin1.decode(bytes);
  if (!endIsIntact(text)) return refused('corrupt');
  // Its content cannot be checked (nor read by the moderator) without the password.
  if (/\/Encrypt\s+\d+\s+\d+\s+R\b/.test(text)) return refused('encrypted');
  // One budget for the whole file, whichever streams spend it.
  const budget = { bytes: DOCUMENT_BUDGET.pdfInflatedBytes };
  const raw = await rawStructureRefusal(text, bytes, budget);
  if (raw) return refused(raw);

  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, {
      updateMetadata: false,
      throwOnInvalidObject: true,
      ignoreEncryption: true,
    });
  } catch {
    return refused('corrupt');
  }
  if (pdf.isEncrypted) return refused('encrypted');
  let pages: number;
  try {
    pages = pdf.getPageCount();
  } catch {
    return refused('corrupt');
  }
  if (pages === 0) return refused('empty');
  if (pages > DOCUMENT_BUDGET.pdfPages) return refused('too_complex');
  const streams = await streamsRefusal(pdf, budget);
  if (streams) return refused(streams);

  try {
    removeMetadata(pdf);
    const rewritten = await pdf.save({
      useObjectStreams: false,
      addDefaultPage: false,
      updateFieldAppearances: false,
    });
    return { ok: true, bytes: rewritten, type: 'application/pdf' };
  } catch {
    return refused('corrupt');
  }
}

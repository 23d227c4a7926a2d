/**
 * Decompression that counts instead of trusting: every stream is inflated against what is left of
 * the file's budget, chunk by chunk, and nothing decompressed is kept. A stream that would exceed
 * the budget stops at the budget.
 */
import { createInflate } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, PDFRawStream, type PDFDict, type PDFObject } from 'pdf-lib';

export type Inflated = { ok: true; bytes: number } | { ok: false; reason: 'over_budget' | 'corrupt' };

/** Inflates zlib data, discarding the output; says how many bytes it made, up to `limit`. */
export function inflatedSize(data: Uint8Array, limit: number): Promise<Inflated> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 64 * 1024 });
    let bytes = 0;
    let settled = false;
    const settle = (result: Inflated) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) settle({ ok: false, reason: 'over_budget' });
    });
    inflate.on('end', () => settle({ ok: true, bytes }));
    inflate.on('error', () => settle({ ok: false, reason: 'corrupt' }));
    inflate.end(data);
  });
}

/** Filters the PDF library can undo; images' own codecs (DCT, JPX, JBIG2, CCITT) are left as they are. */
const DECODABLE = new Set(['FlateDecode', 'LZWDecode', 'ASCII85Decode', 'ASCIIHexDecode', 'RunLengthDecode']);

/** The names of a stream's filters, in order. */
export function filtersOf(dict: PDFDict): string[] {
  const filter: PDFObject | undefined = dict.lookup(PDFName.of('Filter'));
  const names =
    filter instanceof PDFArray ? filter.asArray().map((item) => dict.context.lookup(item)) : [filter];
  return names.filter((name): name is PDFName => name instanceof PDFName).map((name) => name.decodeText());
}

/**
 * Undoes the leading decodable filters of a stream within `limit` bytes: zlib for a plain Flate
 * stream (the usual case, and fast), the PDF library's decoders read a block at a time otherwise.
 */
export async function decodedSize(stream: PDFRawStream, limit: number): Promise<Inflated> {
  const filters = filtersOf(stream.dict);
  const firstOther = filters.findIndex((name) => !DECODABLE.has(name));
  const chain = firstOther === -1 ? filters : filters.slice(0, firstOther);
  if (chain.length === 0) return { ok: true, bytes: 0 };
  if (chain.length === 1 && chain[0] === 'FlateDecode') return inflatedSize(stream.contents, limit);
  try {
    const dict = stream.dict.clone();
    dict.set(PDFName.of('Filter'), dict.context.obj(chain.map((name) => PDFName.of(name))));
    const decoder = decodePDFRawStream(PDFRawStream.of(dict, stream.contents));
    const block = 64 * 1024;
    let bytes = 0;
    for (;;) {
      const read = decoder.getBytes(block).length;
      bytes += read;
      if (bytes > limit) return { ok: false, reason: 'over_budget' };
      if (read < block) return { ok: true, bytes };
    }
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
}

/**
 * Files made to hurt a document check, built in memory without ever holding what they expand to:
 * compressed streams that inflate to gigabytes, images whose header declares a gigapixel canvas.
 * Each is small (a few megabytes at most) and otherwise well-formed, so that only the budget stops it.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

const MiB = 1024 * 1024;

/**
 * zlib data inflating to `size` zero bytes. One megabyte of zeros deflates to a block that decodes
 * the same way whatever came before it (it only refers back to its own zeros): repeated, it makes
 * any size, closed by a final empty block and the Adler-32 of that many zeros.
 */
export function zeroBomb(size: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const whole = Math.floor(size / MiB);
  const rest = size % MiB;
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < whole; i++) parts.push(block);
  if (rest > 0) parts.push(deflateRawSync(Buffer.alloc(rest), { finishFlush: constants.Z_SYNC_FLUSH }));
  parts.push(deflateRawSync(Buffer.alloc(0)));
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((size % 65521) << 16) | 1) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/** A PDF object with a stream, by hand. */
function streamObject(dictionary: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dictionary} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/** A one-page PDF whose extra objects are given; offsets and trailer computed. */
function pdfWith(extra: Array<string | Buffer>, pageExtra = ''): Buffer {
  const objects: Array<string | Buffer> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${pageExtra}>>`,
    ...extra,
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(length);
    parts.push(chunk);
    length += chunk.length;
  });
  parts.push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
        offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
        `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** Page contents that inflate to `gib` gibibytes in all (one stream per GiB), a few MB on disk. */
export function inflatingPdf(gib = 4): Uint8Array {
  const bomb = zeroBomb(1024 * MiB);
  const contents = Array.from({ length: gib }, () => streamObject('/Filter /FlateDecode', bomb));
  const refs = contents.map((_, i) => `${i + 4} 0 R`).join(' ');
  return new Uint8Array(pdfWith(contents, `/Contents [${refs}] `));
}

/** An object stream (which the PDF library inflates whole while loading) of 512 MiB. */
export function objectStreamBombPdf(): Uint8Array {
  return new Uint8Array(
    pdfWith([streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', zeroBomb(512 * MiB))]),
  );
}

/** A PDF with more pages than a copy of the agrément could have. */
export async function manyPagesPdf(pages = 60): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]);
  return pdf.save();
}

/** A sound PDF carrying an author and XMP metadata, which an accepted copy must lose. */
export async function pdfWithMetadata(author: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Attestation d agrement', {
    x: 50,
    y: 780,
    size: 16,
    font: await pdf.embedFont(StandardFonts.Helvetica),
  });
  pdf.setAuthor(author);
  pdf.setTitle(`Agrément de ${author}`);
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const stream = pdf.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(stream));
  return pdf.save({ useObjectStreams: false });
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of `side` × `side` black pixels (RGB): 20,000² is 1.2 GB of pixels in about a megabyte. */
export function pngBomb(side = 20_000): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter choice, no interlace
  const rows = zeroBomb(side * (1 + side * 3)); // each row: filter byte 0, then black pixels
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('IDAT', rows),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * A small JPEG whose frame header says 16,383 × 16,383: a decoder that believes it fills 268 million
 * pixels from almost no data (20 s of CPU and 800 MB before the budget).
 */
export async function jpegBomb(): Promise<Uint8Array> {
  const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#8899aa' } })
    .jpeg()
    .toBuffer();
  const frame = small.indexOf(Buffer.from([0xff, 0xc0]));
  small.writeUInt16BE(16_383, frame + 5);
  small.writeUInt16BE(16_383, frame + 7);
  return new Uint8Array(small);
}

/** A JPEG of exactly `width` × `height` (a flat grey scan), for the pixel limit's edge. */
export async function scanJpeg(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#f4f4f4' } })
      .jpeg({ quality: 70 })
      .toBuffer(),
  );
}

/** The copy of the agrément: accepted formats, size limit, and why a file can be refused. */

export const ACCEPTED_DOCUMENT_TYPES = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
} as const;
export type DocumentType = keyof typeof ACCEPTED_DOCUMENT_TYPES;

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Several pages may come as several files, up to this many per case. */
export const MAX_DOCUMENTS_PER_CASE = 10;

/**
 * What checking a copy may cost, whatever its bytes say. A copy of the agrément is a few pages; its
 * largest honest image is an A4 page scanned at 600 dpi (210 × 297 mm: 4,961 × 7,016 pixels).
 */
export const DOCUMENT_BUDGET = {
  /** Pixels of one image, so that a small file cannot declare a gigapixel canvas. */
  imagePixels: 4961 * 7016,
  /** Pages of a PDF. */
  pdfPages: 50,
  /** Objects of a PDF (a scanned page holds a handful). */
  pdfObjects: 20_000,
  /** Bytes all the compressed streams of a PDF may inflate to, together (two colour pages at 600 dpi). */
  pdfInflatedBytes: 256 * 1024 * 1024,
  /** Bytes one object or cross-reference stream may inflate to (the PDF library holds it whole). */
  pdfObjectStreamBytes: 16 * 1024 * 1024,
} as const;

export const DOCUMENT_REFUSALS = {
  missing: 'Le fichier n’est pas arrivé. Recommencez l’envoi.',
  empty: 'Le fichier est vide.',
  too_large: 'Le fichier dépasse 10 Mo. Réduisez sa taille (par exemple en le numérisant en noir et blanc).',
  wrong_type: 'Ce fichier n’est ni un PDF, ni une image JPEG ou PNG, quelle que soit son extension.',
  corrupt: 'Le fichier est endommagé et ne peut pas être lu. Enregistrez-le ou numérisez-le à nouveau.',
  encrypted: 'Ce PDF est protégé par un mot de passe. Envoyez une version sans protection.',
  too_complex:
    'Ce fichier est trop lourd à vérifier : une fois décompressé, il dépasse ce que demande une copie d’agrément (50 pages numérisées en 600 ppp au plus). Enregistrez-le à nouveau, ou numérisez le document en 300 ppp.',
  image_too_large:
    'Cette image a plus de pixels qu’une page A4 numérisée en 600 ppp. Réduisez sa définition (300 ppp suffisent) et envoyez-la à nouveau.',
} as const;
export type DocumentRefusal = keyof typeof DOCUMENT_REFUSALS;

export function isAcceptedDocumentType(type: string): type is DocumentType {
  return type in ACCEPTED_DOCUMENT_TYPES;
}

/** Longest file name kept, in characters; a longer one is shortened, its extension kept. */
export const MAX_FILE_NAME_LENGTH = 120;

/** Tells a file apart from its extension (".pdf"), for shortening: at most 10 characters after the dot. */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

/**
 * The name of a file as it is stored and shown. Invisible format characters (Unicode category Cf:
 * the bidirectional controls U+202A–U+202E and U+2066–U+2069, zero-width spaces and joiners, soft
 * hyphens…) and control characters are removed: a name like "agrement‮fdp.exe" would otherwise
 * show as "agrementexe.pdf". Spaces are collapsed, and a name too long is shortened, never refused.
 */
export function cleanFileName(raw: string): string {
  const visible = raw
    .normalize('NFC')
    .replace(/[\t\n\v\f\r]/g, ' ')
    .replace(/[\p{Cf}\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const name = visible || 'document';
  const characters = Array.from(name);
  if (characters.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = Array.from(EXTENSION.exec(name)?.[0] ?? '');
  const stem = characters
    .slice(0, MAX_FILE_NAME_LENGTH - extension.length - 1)
    .join('')
    .trimEnd();
  return `${stem}…${extension.join('')}`;
}

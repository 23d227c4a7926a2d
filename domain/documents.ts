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

export const DOCUMENT_REFUSALS = {
  missing: 'Le fichier n’est pas arrivé. Recommencez l’envoi.',
  empty: 'Le fichier est vide.',
  too_large: 'Le fichier dépasse 10 Mo. Réduisez sa taille (par exemple en le numérisant en noir et blanc).',
  wrong_type: 'Ce fichier n’est ni un PDF, ni une image JPEG ou PNG, quelle que soit son extension.',
  corrupt: 'Le fichier est endommagé et ne peut pas être lu. Enregistrez-le ou numérisez-le à nouveau.',
  encrypted: 'Ce PDF est protégé par un mot de passe. Envoyez une version sans protection.',
} as const;
export type DocumentRefusal = keyof typeof DOCUMENT_REFUSALS;

export function isAcceptedDocumentType(type: string): type is DocumentType {
  return type in ACCEPTED_DOCUMENT_TYPES;
}

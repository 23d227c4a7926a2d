/**
 * The identity check against SNGI (Système national de gestion des identités, run by the CNAV),
 * as this project's contract with it: the request, and a graded outcome with a per-field match.
 * "Registry unavailable" is not an outcome: it is retried, never turned into a rejection.
 */

export const IDENTITY_OUTCOMES = {
  certified: 'Identité certifiée',
  certified_with_differences: 'Identité certifiée, avec des écarts',
  not_found: 'Inconnue du répertoire',
  ambiguous: 'Plusieurs personnes correspondent',
} as const;
export type IdentityOutcome = keyof typeof IDENTITY_OUTCOMES;

/**
 * What the check's outcome means for her, in her words: only a certified identity is "vérifiée";
 * otherwise her case goes on, and she learns what the CAF will check and what it may ask her.
 */
export const IDENTITY_OUTCOMES_FOR_HER: Record<IdentityOutcome, { event: string; meaning: string | null }> = {
  certified: { event: 'Identité vérifiée auprès du répertoire national', meaning: null },
  certified_with_differences: {
    event: 'Identité retrouvée au répertoire national, avec des différences',
    meaning:
      'Le répertoire national connaît votre identité, mais certaines informations diffèrent de votre déclaration (accents, tirets, ordre des prénoms, nom d’usage…). La CAF vérifiera ces points en examinant votre dossier et pourra vous demander une correction.',
  },
  not_found: {
    event: 'Identité non retrouvée au répertoire national',
    meaning:
      'Le répertoire national ne retrouve pas l’identité que vous avez déclarée. Votre dossier suit son cours : la CAF vérifiera votre identité elle-même et pourra vous demander de corriger une information ou d’envoyer un justificatif (pièce d’identité, attestation de droits).',
  },
  ambiguous: {
    event: 'Identité à confirmer : plusieurs personnes correspondent au répertoire national',
    meaning:
      'Plusieurs personnes du répertoire national correspondent à votre déclaration. La CAF vérifiera votre identité en examinant votre dossier et pourra vous demander un justificatif.',
  },
};

export function isIdentityOutcome(value: unknown): value is IdentityOutcome {
  return typeof value === 'string' && value in IDENTITY_OUTCOMES;
}

export const FIELD_MATCHES = {
  match: 'Identique',
  close: 'Proche (accents, tirets, ordre, nom d’usage)',
  mismatch: 'Différent',
  unknown: 'Non comparé',
} as const;
export type FieldMatch = keyof typeof FIELD_MATCHES;

export const CHECKED_FIELDS = {
  nir: 'NIR',
  birthName: 'Nom de naissance',
  firstNames: 'Prénoms',
  sex: 'Sexe',
  birthDate: 'Date de naissance',
  birthPlace: 'Lieu de naissance',
} as const;
export type CheckedField = keyof typeof CHECKED_FIELDS;

/** POST {SNGI_URL}/v1/identity-checks */
export interface SngiRequest {
  birthName: string;
  firstNames: string[];
  sex: 'F' | 'M';
  /** YYYY-MM-DD, with 00 for an unknown month or day. */
  birthDate: string;
  /** INSEE code of the commune of birth, or of the country (99xxx) when born abroad. */
  birthPlaceCode: string;
  nir: string;
}

/** 200 response. 5xx or no answer means "registry unavailable: try again later". */
export interface SngiResponse {
  outcome: IdentityOutcome;
  fields: Record<CheckedField, FieldMatch>;
}

/** Builds the SNGI date form: unknown parts become 00. */
export function sngiBirthDate(date: { year: number; month: number | null; day: number | null }): string {
  const pad = (n: number | null) => String(n ?? 0).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** Her identity changes after activation are checked too, one check per change (its request key). */
export const IDENTITY_CHANGE_KEY_PREFIX = 'profile-change:';

export function identityChangeCheckKey(changeId: string): string {
  return `${IDENTITY_CHANGE_KEY_PREFIX}${changeId}`;
}

/**
 * What the moderator is told beside a proposed identity that the registry did not certify as it is.
 * As at registration, an outcome never decides by itself: the change goes to the pivot CAF, flagged.
 */
export const IDENTITY_CHANGE_ATTENTION: Record<IdentityOutcome, string | null> = {
  certified: null,
  certified_with_differences:
    'Le répertoire national retrouve la personne, mais des informations de la nouvelle identité diffèrent : vérifiez les champs signalés avant de valider.',
  not_found:
    'Le répertoire national ne retrouve pas la nouvelle identité : demandez un justificatif ou une correction avant de valider.',
  ambiguous:
    'Plusieurs personnes du répertoire national correspondent à la nouvelle identité : demandez un justificatif avant de valider.',
};

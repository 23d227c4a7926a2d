/** A moderator's decision on a case, and the coded reasons she picks from. */

export const DECISION_KINDS = ['approve', 'request_correction', 'reject'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const CORRECTION_REASONS = {
  incomplete: 'Dossier incomplet',
  incorrect: 'Information inexacte',
  outdated: 'Information périmée',
} as const;
export type CorrectionReason = keyof typeof CORRECTION_REASONS;

export const REJECTION_REASONS = {
  no_valid_agrement: 'Pas d’agrément en cours de validité',
  identity_not_confirmed: 'Identité non confirmée',
  duplicate: 'Inscription en double',
  other: 'Autre motif',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

/** The sections of the form a correction request can point at. */
export const FORM_SECTIONS = {
  identity: 'Identité',
  agrement: 'Agrément',
  contact: 'Coordonnées et publication',
  availability: 'Disponibilités',
  documents: 'Copie de l’agrément',
} as const;
export type FormSection = keyof typeof FORM_SECTIONS;

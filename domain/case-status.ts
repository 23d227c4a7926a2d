/**
 * The states of a registration case, from the draft to the decision, then after activation (a change
 * to her published profile waiting for the CAF). The workflows move between them; the projection in
 * PostgreSQL mirrors them for queues and status pages.
 */

export const CASE_STATUSES = [
  'draft',
  'identity_check',
  'awaiting_document',
  'in_moderation',
  'correction_requested',
  'active',
  'rejected',
  'change_in_moderation',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses where the case is waiting for a moderator of its office: a registration, or a change to a published profile. */
export const MODERATION_STATUSES: readonly CaseStatus[] = ['in_moderation', 'change_in_moderation'];

/** Statuses after which nothing changes any more in the registration (her later life is the lifecycle's). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['active', 'rejected'];

export interface StatusExplanation {
  label: string;
  /** What happens now, and who is expected to act, in her words. */
  expected: string;
  /** Who must act next. */
  actor: 'childminder' | 'system' | 'moderator' | 'none';
}

export const STATUS_EXPLANATIONS: Record<CaseStatus, StatusExplanation> = {
  draft: {
    label: 'Brouillon',
    expected: 'Complétez votre dossier puis déposez-le. Vos saisies sont enregistrées au fur et à mesure.',
    actor: 'childminder',
  },
  identity_check: {
    label: 'Vérification d’identité',
    expected:
      'Nous vérifions votre identité auprès du répertoire national (SNGI). Vous n’avez rien à faire ; si le répertoire est indisponible, nous réessayons automatiquement.',
    actor: 'system',
  },
  awaiting_document: {
    label: 'En attente de votre agrément',
    expected:
      'Ajoutez une copie de votre attestation d’agrément (PDF, JPEG ou PNG) pour que votre dossier soit examiné.',
    actor: 'childminder',
  },
  in_moderation: {
    label: 'En cours d’examen',
    expected:
      'Un agent de la CAF chargée de votre département examine votre dossier. Vous serez prévenue par courriel.',
    actor: 'moderator',
  },
  correction_requested: {
    label: 'Correction demandée',
    expected:
      'La CAF vous demande de corriger votre dossier. Lisez son message, corrigez puis déposez à nouveau.',
    actor: 'childminder',
  },
  active: {
    label: 'Inscription validée',
    expected: 'Votre inscription est validée et votre fiche est publiée pour les parents.',
    actor: 'none',
  },
  rejected: {
    label: 'Inscription refusée',
    expected: 'Votre demande a été refusée. Le motif est indiqué ci-dessous.',
    actor: 'none',
  },
  change_in_moderation: {
    label: 'Modification en cours de vérification',
    expected:
      'La CAF vérifie la modification que vous avez proposée. Votre fiche reste publiée avec vos dernières informations vérifiées ; vous serez prévenue par courriel.',
    actor: 'moderator',
  },
};

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

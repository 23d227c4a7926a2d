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

/** The same statuses as CAF staff read them: about her, and about what the office has to do. */
export const STAFF_STATUS_EXPLANATIONS: Record<CaseStatus, Omit<StatusExplanation, 'actor'>> = {
  draft: { label: 'Brouillon', expected: 'La personne n’a pas encore déposé son dossier.' },
  identity_check: {
    label: 'Vérification d’identité',
    expected:
      'Le répertoire national (SNGI) est interrogé ; s’il ne répond pas, un nouvel essai a lieu automatiquement.',
  },
  awaiting_document: {
    label: 'En attente de l’agrément',
    expected: 'La personne doit encore envoyer la copie de son attestation d’agrément.',
  },
  in_moderation: {
    label: 'À examiner',
    expected: 'Le dossier attend la décision d’une modératrice ou d’un modérateur de la CAF.',
  },
  correction_requested: {
    label: 'Correction demandée',
    expected: 'La personne corrige son dossier à la demande de la CAF.',
  },
  active: { label: 'Inscription validée', expected: 'L’inscription est validée et la fiche est publiée.' },
  rejected: { label: 'Inscription refusée', expected: 'L’inscription a été refusée.' },
  change_in_moderation: {
    label: 'Modification à vérifier',
    expected:
      'La personne a proposé une modification qui doit être vérifiée ; sa fiche reste publiée avec les dernières valeurs vérifiées.',
  },
};

/** Who reads a status: she, about her case, or CAF staff, about hers. */
export type Audience = 'childminder' | 'staff';

/** A status's label for whoever reads it. */
export function statusLabel(status: CaseStatus, audience: Audience): string {
  return (audience === 'staff' ? STAFF_STATUS_EXPLANATIONS : STATUS_EXPLANATIONS)[status].label;
}

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}
